import { ImportLimitError, UnreadableFileError, type RecordSink } from './limits.js';
import { ElementScanner, readRows, readSharedStrings, richText, unescapeXml } from './xlsx.js';

/** The text in pieces of `size` characters, as inflating hands it over. */
async function* inPieces(text: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

function collect(): RecordSink & { rows: [number, readonly string[]][]; cells: [number, number, string][] } {
  const rows: [number, readonly string[]][] = [];
  const cells: [number, number, string][] = [];
  return { rows, cells, cell: (line, index, text) => cells.push([line, index, text]), record: (line, row) => rows.push([line, row]) };
}

describe('reading XLSX parts', () => {
  it('finds the same elements however the text is cut, with or without a namespace prefix', () => {
    const xml = '<x:sheetData> <x:row r="1"><x:c r="A1"/></x:row>\n  <x:row r="2"/><rowBreaks count="0"/><x:row r="3">三</x:row></x:sheetData>';
    for (const size of [1, 2, 7, xml.length]) {
      const found: string[] = [];
      const scanner = new ElementScanner('row', (el) => found.push(el), () => new Error('too large'));
      for (let i = 0; i < xml.length; i += size) scanner.push(xml.slice(i, i + size));
      expect(found).toEqual(['<x:row r="1"><x:c r="A1"/></x:row>', '<x:row r="2"/>', '<x:row r="3">三</x:row>']);
    }
  });

  it('keeps nothing between elements, and refuses an element that never ends', () => {
    const scanner = new ElementScanner('row', () => undefined, () => new ImportLimitError('size', 'too large'));
    for (let i = 0; i < 100; i += 1) scanner.push(' '.repeat(100_000)); // 10 MB of filler between rows costs nothing
    scanner.push('<row r="1"><c><v>');
    expect(() => {
      for (let i = 0; i < 100; i += 1) scanner.push('9'.repeat(100_000));
    }).toThrow(ImportLimitError);
  });

  it('reads text runs, entities and OOXML escapes, and leaves out phonetic guides', () => {
    expect(richText('<si><r><rPr><b/></rPr><t>泰山</t></r><r><t xml:space="preserve"> 区</t></r><rPh sb="0" eb="2"><t>タイザン</t></rPh><t/></si>')).toBe('泰山 区');
    expect(unescapeXml('A &amp; B &lt;C&gt; &#20013;&#x6587; &quot;&apos;')).toBe('A & B <C> 中文 "\'');
    expect(unescapeXml('_x0009_=cmd _x005F_x0041_')).toBe('\t=cmd _x0041_');
  });

  it('reads cells by reference and by position, of every type, with the row number as the line', async () => {
    const strings = await readSharedStrings(inPieces('<sst count="2"><si><t>UNIT-A</t></si><si><r><t>甲</t></r><r><t>单位</t></r></si></sst>', 5));
    const sheet =
      '<worksheet><sheetData>' +
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="inlineStr"><is><t>说明</t></is></c></row>' +
      '<row r="4" spans="1:4"><c t="s"><v>1</v></c><c><v>370902000000</v></c><c t="b"><v>1</v></c><c t="str"><f>A4&amp;"x"</f><v>甲单位x</v></c><c r="F4" s="2"/></row>' +
      '<row><c r="B5"><v>1.5</v></c></row>' +
      '</sheetData></worksheet>';
    const sink = collect();
    await readRows(inPieces(sheet, 3), strings, sink);
    expect(sink.rows).toEqual([
      [1, ['UNIT-A', '', '说明']],
      [4, ['甲单位', '370902000000', 'TRUE', '甲单位x']],
      [5, ['', '1.5']],
    ]);
    expect(sink.cells).toContainEqual([4, 3, '甲单位x']);
  });

  it('refuses cells, values and text runs that never end as a damaged file, looking for each end once', async () => {
    // About 1 MB each, within the row limit: searched again from every tag, each took a minute or more.
    const many = 300_000;
    await expect(readRows(inPieces(`<sheetData><row r="2">${'<c>'.repeat(many)}</row></sheetData>`, 65_536), [], collect())).rejects.toThrow(UnreadableFileError);
    await expect(readRows(inPieces(`<sheetData><row r="2"><c>${'<v>'.repeat(many)}</c></row></sheetData>`, 65_536), [], collect())).rejects.toThrow(UnreadableFileError);
    await expect(readSharedStrings(inPieces(`<sst><si>${'<t>'.repeat(many)}</si></sst>`, 65_536))).rejects.toThrow(UnreadableFileError);
    await expect(readSharedStrings(inPieces(`<sst><si>${'<rPh>'.repeat(many / 2)}</si></sst>`, 65_536))).rejects.toThrow(UnreadableFileError);
    // Well-formed, the same counts read at once: self-closing cells are empty, and the row is still a row.
    const sink = collect();
    await readRows(inPieces(`<sheetData><row r="2">${'<c/>'.repeat(many / 2)}<c r="B2"><v>7</v></c></row></sheetData>`, 65_536), [], sink);
    expect(sink.rows).toEqual([[2, ['', '7']]]);
  });
});
