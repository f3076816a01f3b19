/**
 * Signals of inauthentic ratings (DOMAIN: 刷好评 and 恶意差评 both exist; Shanghai tracks account, device and IP).
 * They flag, never reject: a flagged rating is stored and acknowledged, and stays out of statistics until a
 * supervisor clears it. They are computed in the database, in `rating_ingest` (rating-ingest.ts), from these
 * thresholds: `many_windows` counts the citizen's other windows rated within SIGNAL_WINDOW_MINUTES either side of this rating's own time (a queued rating uploaded late is judged by its own minutes);
 * `staff_self` compares the call-back number's keyed hash with the on-duty staff member's and looks for the rating's
 * browser device among the devices that staff member signed in from; `good_burst` counts good ratings at the window.
 */
export const SIGNAL_WINDOW_MINUTES = 10;
/** One device rating this many different windows within ten minutes is unlikely to have been served by all. */
export const MANY_WINDOWS = 4;
/** This many good ratings at one window within ten minutes is a burst worth a look. */
export const GOOD_BURST = 8;

export type RatingFlag = 'many_windows' | 'staff_self' | 'good_burst' | 'risky_comment' | 'review_comment' | 'late_upload' | 'backdated';
