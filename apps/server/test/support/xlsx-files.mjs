// XLSX files for import tests and benchmarks, built in memory as zip archives written by hand after the PKWARE
// APPNOTE layout: hostile ones whose parts inflate far beyond their upload size, and plain ones of many rows.
import { constants, crc32, deflateRawSync } from 'node:zlib';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MiB = 1024 * 1024;

/**
 * An XLSX whose only sheet has a header row (code, name, regionCode) and one unit row, with `mebibytes` MiB of
 * spaces between them. Its zip directory declares the sheet 2 KB: only counting the bytes inflated catches it.
 */
export function zipBomb(mebibytes) {
  const cell = (ref, text) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
  const sheet = repeatedPart(
    `${XML_HEAD}<worksheet xmlns="${MAIN}"><sheetData><row r="1">${cell('A1', 'code')}${cell('B1', 'name')}${cell('C1', 'regionCode')}</row>`,
    ' ',
    mebibytes,
    `<row r="2">${cell('A2', 'BOMB-1')}${cell('B2', '炸弹')}${cell('C2', '370902000000')}</row></sheetData></worksheet>`,
  );
  return workbook({ ...sheet, declaredSize: 2048 });
}

/** A plain XLSX of one sheet holding `rows` (arrays of at most 26 texts), with inline strings. */
export function workbookOf(rows) {
  const escape = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const row = (cells, r) => `<row r="${r}">${cells.map((text, i) => `<c r="${String.fromCharCode(65 + i)}${r}" t="inlineStr"><is><t>${escape(text)}</t></is></c>`).join('')}</row>`;
  return workbook({ data: Buffer.from(`${XML_HEAD}<worksheet xmlns="${MAIN}"><sheetData>${rows.map((cells, i) => row(cells, i + 1)).join('')}</sheetData></worksheet>`) });
}

/** An XLSX whose header row names its first column with one shared string of `mebibytes` MiB. */
export function hugeSharedString(mebibytes) {
  const sheet = `${XML_HEAD}<worksheet xmlns="${MAIN}"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>`;
  const strings = repeatedPart(`${XML_HEAD}<sst xmlns="${MAIN}" count="1" uniqueCount="1"><si><t>`, 'A', mebibytes, '</t></si></sst>');
  return workbook({ data: Buffer.from(sheet) }, strings);
}

/**
 * An XLSX whose second row holds `count` cells that never end (`<c>` after `<c>`, then `</row>`): a reader that
 * looks for each cell's end again from the next character does quadratic work on it.
 */
export function unclosedCells(count) {
  const header = '<row r="1"><c r="A1" t="inlineStr"><is><t>code</t></is></c><c r="B1" t="inlineStr"><is><t>name</t></is></c><c r="C1" t="inlineStr"><is><t>regionCode</t></is></c></row>';
  return workbook({ data: Buffer.from(`${XML_HEAD}<worksheet xmlns="${MAIN}"><sheetData>${header}<row r="2">${'<c>'.repeat(count)}</row></sheetData></worksheet>`) });
}

/** An XLSX whose workbook part is `mebibytes` MiB of `<sheet ` that never closes, and no real sheet entry. */
export function unclosedSheetTags(mebibytes) {
  const sheet = `${XML_HEAD}<worksheet xmlns="${MAIN}"><sheetData/></worksheet>`;
  return workbook({ data: Buffer.from(sheet) }, undefined, repeatedPart(`${XML_HEAD}<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets>`, '<sheet ', mebibytes, '</sheets></workbook>'));
}

/**
 * A deflated part: `head`, then `fill` repeated to `mebibytes` MiB, then `tail`. One MiB of fill is deflated once
 * with a full flush (no back-references across blocks), so repeating that block makes a valid stream.
 */
function repeatedPart(head, fill, mebibytes, tail) {
  const filler = Buffer.alloc(MiB, fill);
  const [headBytes, tailBytes] = [Buffer.from(head), Buffer.from(tail)];
  const flushed = { finishFlush: constants.Z_FULL_FLUSH };
  const block = deflateRawSync(filler, flushed);
  let crc = crc32(headBytes);
  for (let i = 0; i < mebibytes; i += 1) crc = crc32(filler, crc);
  crc = crc32(tailBytes, crc);
  const deflated = Buffer.concat([deflateRawSync(headBytes, flushed), ...Array(mebibytes).fill(block), deflateRawSync(tailBytes)]);
  return { deflated, crc, declaredSize: Math.min(headBytes.length + mebibytes * MiB + tailBytes.length, 0xffffffff) };
}

/**
 * A workbook of one sheet (and a shared-string table when given, and a workbook part other than the plain one): each
 * part `{data}` or `{deflated, crc, declaredSize}`.
 */
function workbook(sheet, sharedStrings, workbookPart) {
  const part = (name, xml) => ({ name, data: Buffer.from(XML_HEAD + xml) });
  const stringsRel = sharedStrings ? `<Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>` : '';
  return zip([
    part('[Content_Types].xml', `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`),
    part('_rels/.rels', `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
    workbookPart
      ? { name: 'xl/workbook.xml', ...workbookPart }
      : part('xl/workbook.xml', `<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`),
    part('xl/_rels/workbook.xml.rels', `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>${stringsRel}</Relationships>`),
    { name: 'xl/worksheets/sheet1.xml', ...sheet },
    ...(sharedStrings ? [{ name: 'xl/sharedStrings.xml', ...sharedStrings }] : []),
  ]);
}

/** A zip archive of deflated entries, without data descriptors. */
export function zip(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const deflated = entry.data ? deflateRawSync(entry.data) : entry.deflated;
    const crc = (entry.data ? crc32(entry.data) : entry.crc) >>> 0;
    const size = entry.data ? entry.data.length : entry.declaredSize;
    const header = (signature, length, at) => {
      const b = Buffer.alloc(length);
      b.writeUInt32LE(signature, 0);
      b.writeUInt16LE(0x0800, at); // flags: names in UTF-8
      b.writeUInt16LE(8, at + 2); // deflate
      b.writeUInt32LE(crc, at + 8);
      b.writeUInt32LE(deflated.length, at + 12);
      b.writeUInt32LE(size, at + 16);
      b.writeUInt16LE(name.length, at + 20);
      return b;
    };
    const local = header(0x04034b50, 30, 6);
    local.writeUInt16LE(20, 4);
    const central = header(0x02014b50, 46, 8);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, deflated);
    centrals.push(central, name);
    offset += local.length + name.length + deflated.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
