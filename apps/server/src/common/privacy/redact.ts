import { PUBLIC_MASK } from '@hcp/contracts';

/**
 * Masks what could name or reach a person in text written for one rater before it is shown to everyone
 * (docs/public.md): runs of digits (phone numbers, landlines, ID and card numbers, masked numbers such as
 * 135****0000), e-mail addresses, the names and staff numbers the caller knows of (the staff of the units
 * concerned), and a surname before a form of address (王先生 → ＊＊先生). Dates written as 2026-11-30 stay.
 */
const NUMBER_RUN = /[0-9０-９][0-9０-９*＊\s()（）+－-]{4,}[0-9０-９Xx]/g;
const DATE = /^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$/;
const EMAIL = /[\w.+-]+@[\w-]+(\.[\w-]+)+/g;
const ADDRESS_FORMS = '先生|女士|小姐|同志|师傅|阿姨|大爷|大妈|老人|老师';
const SURNAME_BEFORE_FORM = new RegExp(`[\\u4e00-\\u9fff]{1,3}(?=(?:${ADDRESS_FORMS}))`, 'g');
/** Characters that sit before a form of address without being a name (您好先生, 该女士, 这位先生). */
const NOT_NAMES = new Set(['您', '该', '位', '好', '的', '和', '与', '向', '对', '给', '请', '被', '让', '由', '了']);
const digitsIn = (s: string) => (s.match(/[0-9０-９]/g) ?? []).length;

export function redact(text: string, known: readonly string[]): string {
  let out = text;
  // Longest first, so a staff number inside a longer one is not left half masked.
  for (const k of [...new Set(known)].filter((k) => k.trim().length >= 2).sort((a, b) => b.length - a.length)) out = out.split(k).join(PUBLIC_MASK);
  out = out.replace(EMAIL, PUBLIC_MASK);
  out = out.replace(NUMBER_RUN, (run) => (digitsIn(run) >= 5 && !DATE.test(run.trim()) ? PUBLIC_MASK : run));
  // A word before the form of address that ends in a pronoun or particle (这位先生, 您好女士) is not a name.
  out = out.replace(SURNAME_BEFORE_FORM, (word) => (NOT_NAMES.has(word[word.length - 1]) ? word : NOT_NAMES.has(word[0]) ? `${word[0]}${PUBLIC_MASK}` : PUBLIC_MASK));
  return out;
}

/** Runs a query (a DataSource's or an EntityManager's `query`). */
type Query = (sql: string, params: unknown[]) => Promise<unknown>;

/**
 * Everyone who could be named in the replies of these cases: the staff of the units handling them and of the rated
 * units, the staff member on duty at each rating, and whoever acted on them (a supervisor of another unit included),
 * as names and staff numbers for `redact`.
 */
export async function namesToMask(query: Query, caseIds: readonly string[]): Promise<string[]> {
  if (caseIds.length === 0) return [];
  const rows = (await query(
    `WITH c AS (SELECT c.unit_id, r.unit_id AS rated_unit_id, r.staff_id FROM rating_case c LEFT JOIN rating r ON r.id = c.rating_id WHERE c.id = ANY($1::uuid[]))
     SELECT s.name, s.staff_number FROM staff s
      WHERE s.unit_id IN (SELECT unit_id FROM c UNION SELECT rated_unit_id FROM c WHERE rated_unit_id IS NOT NULL)
         OR s.id IN (SELECT staff_id FROM c WHERE staff_id IS NOT NULL)
         OR s.id IN (SELECT e.actor_id FROM case_event e WHERE e.case_id = ANY($1::uuid[]) AND e.actor_kind = 'staff')`,
    [caseIds],
  )) as { name: string; staff_number: string }[];
  return rows.flatMap((s) => [s.name, s.staff_number]);
}
