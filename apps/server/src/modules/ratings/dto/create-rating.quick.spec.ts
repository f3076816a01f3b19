import fc from 'fast-check';
import type { ArgumentMetadata } from '@nestjs/common';
import { createValidationPipe } from '../../../common/errors/validation.js';
import { CreateRatingDto } from './create-rating.dto.js';
import { quickCreateRating } from './create-rating.quick.js';

const pipe = createValidationPipe();
const asBody: ArgumentMetadata = { type: 'body', metatype: CreateRatingDto };

/** What the full validation pipe makes of a body: the DTO, or the refusal's field errors. */
async function validated(body: unknown): Promise<{ dto?: unknown; refused?: unknown }> {
  try {
    return { dto: await pipe.transform(structuredClone(body), asBody) };
  } catch (error) {
    return { refused: (error as { getResponse?: () => unknown }).getResponse?.() ?? error };
  }
}

/** Values near the rules' edges, and of the wrong kinds, for every field the quick check looks at. */
const anything = fc.oneof(fc.constant(null), fc.boolean(), fc.integer({ min: -2, max: 1001 }), fc.double(), fc.string({ maxLength: 40 }), fc.constant('4'), fc.array(fc.integer({ min: 98, max: 1001 }), { maxLength: 10 }), fc.object({ maxDepth: 1 }));
const field = <T>(likely: fc.Arbitrary<T>) => fc.oneof({ weight: 8, arbitrary: likely }, { weight: 1, arbitrary: anything });
const often = <T>(likely: fc.Arbitrary<T>, ...others: fc.Arbitrary<T>[]) => fc.oneof({ weight: 6, arbitrary: likely }, ...others.map((arbitrary) => ({ weight: 1, arbitrary })));
const common = fc.record(
  {
    clientId: field(often(fc.uuid({ version: [1, 2, 3, 4, 5, 6, 7, 8] }), fc.constant('00000000-0000-0000-0000-000000000000'), fc.string({ minLength: 36, maxLength: 36 }))),
    scene: field(often(fc.stringMatching(/^[0-9A-Za-z._~-]{1,32}$/), fc.constant('a\n'), fc.constant(''), fc.constant('x'.repeat(33)))),
    level: field(often(fc.integer({ min: 1, max: 5 }), fc.integer({ min: -1, max: 7 }), fc.constant(4.5), fc.constant(-0))),
    tagCodes: field(fc.array(often(fc.integer({ min: 100, max: 999 }), fc.constant(99), fc.constant(1000), fc.constant(101)), { maxLength: 9, size: 'small' })),
    channel: field(fc.integer({ min: -1, max: 12 })),
    queued: field(fc.boolean()),
  },
  { requiredKeys: ['clientId', 'scene', 'level', 'tagCodes'] },
);
const rare = fc.record({ comment: field(fc.string({ maxLength: 5 })), ratedAt: field(fc.constant('2026-11-30T08:00:00Z')), extra: field(fc.constant(1)) }, { requiredKeys: [] });
const bodies = fc.tuple(common, fc.option(rare, { freq: 3 })).map(([body, more]) => (more ? Object.assign(body, more) : body));

describe('the common rating body checked by hand', () => {
  it('accepts the common rating, as the validation pipe does, with the same fields', async () => {
    const body = { clientId: '0b0f4c51-8e1a-4c63-9a43-6f3f1d2b7c55', scene: 'w-12_ab', level: 1, tagCodes: [101, 102], channel: 3, queued: false };
    const quick = quickCreateRating(body);
    expect(quick).toBeInstanceOf(CreateRatingDto);
    expect(quick).toEqual((await validated(body)).dto);
    expect(quick?.tagCodes).not.toBe(body.tagCodes);
  });

  it('accepts no body the validation pipe refuses, and gives the same DTO for every one it accepts', async () => {
    let accepted = 0;
    let left = 0;
    await fc.assert(
      fc.asyncProperty(bodies, async (body) => {
        const quick = quickCreateRating(body);
        if (quick === undefined) {
          left += 1;
          return;
        }
        accepted += 1;
        const full = await validated(body);
        expect(full.refused).toBeUndefined();
        expect(quick).toEqual(full.dto);
        expect(Object.keys(quick)).toEqual(Object.keys(full.dto as object));
      }),
      { numRuns: 6000 },
    );
    // The property says something only if the quick check accepted some of the generated bodies.
    expect(accepted).toBeGreaterThan(10);
    expect(left).toBeGreaterThan(50);
  });

  it('leaves null, arrays, other objects and unknown or optional fields to the validation pipe', () => {
    const good = { clientId: '0b0f4c51-8e1a-4c63-9a43-6f3f1d2b7c55', scene: 'w1', level: 5, tagCodes: [] };
    expect(quickCreateRating(good)).toBeDefined();
    for (const body of [null, [good], Object.assign(Object.create(null), good), { ...good, comment: 'x' }, { ...good, channel: null }, { ...good, tagCodes: [100, 100] }, JSON.parse(`{"__proto__": {"x": 1}, "clientId": "${good.clientId}", "scene": "w1", "level": 5, "tagCodes": []}`)]) {
      expect(quickCreateRating(body)).toBeUndefined();
    }
  });
});
