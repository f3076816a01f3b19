import { ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * A day as YYYY-MM-DD that exists: JavaScript rolls 2099-02-31 over to 3 March where PostgreSQL refuses it, so the
 * day must come back unchanged from a round trip through Date; and year 0000, which PostgreSQL has not, is refused.
 */
export function isCalendarDay(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || value.startsWith('0000')) return false;
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value;
}

/** class-validator: the property is a day that exists, as YYYY-MM-DD (see isCalendarDay). */
export function IsCalendarDay(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy({ name: 'isCalendarDay', validator: { validate: isCalendarDay, defaultMessage: () => '$property must be a real day as YYYY-MM-DD' } }, options);
}
