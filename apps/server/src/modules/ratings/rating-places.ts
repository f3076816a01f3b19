/**
 * A rating with what it names (`r` rating, `u` unit, `h` hall, `w` window, `s` staff on duty, `c` its case), for
 * the reads that show ratings in full: the flagged-ratings review and the national export.
 */
export const RATING_WITH_PLACES = `
  FROM rating r
  JOIN unit u ON u.id = r.unit_id
  JOIN hall h ON h.id = r.hall_id
  JOIN service_window w ON w.id = r.window_id
  LEFT JOIN staff s ON s.id = r.staff_id
  LEFT JOIN rating_case c ON c.rating_id = r.id`;
