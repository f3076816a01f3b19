/**
 * Default deadlines in working days: call the rater back within 1, rectify and reply within 15 (the national
 * practice most provinces follow; Zhejiang, Liaoning and others differ). Per-region deadlines come with case
 * handling; until then these apply everywhere.
 */
export const DEFAULT_CALLBACK_WORKING_DAYS = 1;
export const DEFAULT_REPLY_WORKING_DAYS = 15;
