import { PUBLIC_MASK } from '@hcp/contracts';

/**
 * Masks what could name or reach a person in text written for one rater before it is shown to everyone
 * (docs/public.md): runs of digits (phone numbers, landlines, ID and card numbers, masked numbers such as
 * 135****0000), e-mail addresses, the names and staff numbers the caller knows of (the staff of the units
 * concerned), and a surname, with a given name of up to two characters, before a form of address
 * (王先生, 李秀英女士 → ＊＊先生, ＊＊女士). Dates written as 2026-11-30 stay.
 */
const NUMBER_RUN = /[0-9０-９][0-9０-９*＊\s()（）+－-]{4,}[0-9０-９Xx]/g;
const DATE = /^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$/;
const EMAIL = /[\w.+-]+@[\w-]+(\.[\w-]+)+/g;
const ADDRESS_FORMS = '先生|女士|小姐|同志|师傅|阿姨|大爷|大妈|老人|老师';
/** The (at most four) Chinese characters right before a form of address: where a surname and given name would be. */
const WORD_BEFORE_FORM = new RegExp(`[\\u4e00-\\u9fff]{1,4}(?=(?:${ADDRESS_FORMS}))`, 'g');
/**
 * Surnames a name before a form of address is recognised by: the commonest single ones (about a hundred, the
 * surnames of most people in China) and the compound ones still met. A word before the form that starts with none of them
 * (这位先生, 各位女士, 老同志) is not a name.
 */
const SINGLE_SURNAMES = new Set(
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔汤',
);
const COMPOUND_SURNAMES = ['欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '令狐', '司徒', '夏侯', '长孙', '宇文', '端木', '南宫'];
/** Characters that are never part of a given name right before a form of address (王的先生, 张您好女士). */
const NOT_NAMES = new Set(['您', '该', '位', '好', '的', '和', '与', '向', '对', '给', '请', '被', '让', '由', '了']);
/** Words whose second character is also a surname, so that it is not one there (感谢先生, 谢谢女士, 关于…). */
const WORDS_ENDING_IN_SURNAME = new Set(['感谢', '谢谢', '多谢', '致谢', '道谢', '关于', '对于', '由于', '至于', '等于']);
const digitsIn = (s: string) => (s.match(/[0-9０-９]/g) ?? []).length;

/** Where a name (a known surname and up to two more characters) starts in `word`, the earliest; -1 for none. */
function nameStart(word: string): number {
  for (let i = 0; i < word.length; i += 1) {
    const inWord = (i > 0 && WORDS_ENDING_IN_SURNAME.has(word.slice(i - 1, i + 1))) || WORDS_ENDING_IN_SURNAME.has(word.slice(i, i + 2));
    if (inWord) continue;
    const surname = COMPOUND_SURNAMES.find((c) => word.startsWith(c, i)) ?? (SINGLE_SURNAMES.has(word[i]) ? word[i] : null);
    if (surname === null) continue;
    const given = word.slice(i + surname.length);
    if (given.length <= 2 && ![...given].some((c) => NOT_NAMES.has(c))) return i;
  }
  return -1;
}

export function redact(text: string, known: readonly string[]): string {
  let out = text;
  // Longest first, so a staff number inside a longer one is not left half masked.
  for (const k of [...new Set(known)].filter((k) => k.trim().length >= 2).sort((a, b) => b.length - a.length)) out = out.split(k).join(PUBLIC_MASK);
  out = out.replace(EMAIL, PUBLIC_MASK);
  out = out.replace(NUMBER_RUN, (run) => (digitsIn(run) >= 5 && !DATE.test(run.trim()) ? PUBLIC_MASK : run));
  out = out.replace(WORD_BEFORE_FORM, (word) => {
    const start = nameStart(word);
    return start < 0 ? word : `${word.slice(0, start)}${PUBLIC_MASK}`;
  });
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
