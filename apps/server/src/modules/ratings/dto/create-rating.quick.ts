import { RATING_CHANNELS, RATING_LEVELS, SCENE_PATTERN } from '@hcp/contracts';
import { CreateRatingDto } from './create-rating.dto.js';

/** The fields of the common rating (a level and tags at a scanned window); a body with any other goes the full way. */
const COMMON_FIELDS = new Set(['clientId', 'scene', 'level', 'tagCodes', 'channel', 'queued']);
/** A UUID of versions 1–8 with the RFC variant: a subset of what `@IsUUID()` accepts (it also takes nil and max). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const LEVELS: readonly number[] = RATING_LEVELS.map((l) => l.level);
const CHANNELS: readonly number[] = RATING_CHANNELS.map((c) => c.channel);

const isTagCode = (code: unknown): code is number => Number.isInteger(code) && (code as number) >= 100 && (code as number) <= 999;

/**
 * The common rating's body checked by hand, without class-transformer and class-validator (the largest share of the
 * rating route's own CPU): the DTO when the body is one the decorators of `CreateRatingDto` certainly accept,
 * undefined otherwise. It never refuses: anything it does not accept, valid or not, goes through the validation pipe,
 * which alone decides and words every refusal. So it accepts only a strict subset (every optional field absent,
 * never null) and builds what class-transformer would: an instance carrying the body's fields, arrays copied.
 */
export function quickCreateRating(value: unknown): CreateRatingDto | undefined {
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype) return undefined;
  const body = value as Record<string, unknown>;
  const keys = Object.keys(body);
  if (!keys.every((key) => COMMON_FIELDS.has(key))) return undefined;
  const { clientId, scene, level, tagCodes, channel, queued } = body;
  if (typeof clientId !== 'string' || !UUID.test(clientId)) return undefined;
  if (typeof scene !== 'string' || !SCENE_PATTERN.test(scene)) return undefined;
  if (!Number.isInteger(level) || !LEVELS.includes(level as number)) return undefined;
  if (!Array.isArray(tagCodes) || tagCodes.length > 8 || !tagCodes.every(isTagCode) || new Set(tagCodes).size !== tagCodes.length) return undefined;
  // A sparse array (`[, 100]` cannot come from JSON, but a body may come from elsewhere) goes the full way.
  if (Object.keys(tagCodes).length !== tagCodes.length) return undefined;
  if ('channel' in body && (!Number.isInteger(channel) || !CHANNELS.includes(channel as number))) return undefined;
  if ('queued' in body && typeof queued !== 'boolean') return undefined;

  const dto = new CreateRatingDto();
  for (const key of keys) (dto as unknown as Record<string, unknown>)[key] = key === 'tagCodes' ? [...(tagCodes as number[])] : body[key];
  return dto;
}
