import { CsvTokenizer, readCsv } from './csv.js';
import { ImportLimitError, UnreadableFileError, type RecordSink } from './limits.js';

function records(text: string, pieceSize = text.length): [number, string[]][] {
  const out: [number, string[]][] = [];
  const sink: RecordSink = { cell: () => undefined, record: (line, cells) => out.push([line, [...cells]]) };
  const tokenizer = new CsvTokenizer(sink);
  for (let i = 0; i < text.length; i += pieceSize) tokenizer.push(text.slice(i, i + pieceSize));
  tokenizer.end();
  return out;
}

describe('reading CSV', () => {
  const text = 'code,name,note\r\nA-1,"甲, ""乙""",\nA-2,"两\r\n行",x\r\n\nA-3,"",末行';
  const expected: [number, string[]][] = [
    [1, ['code', 'name', 'note']],
    [2, ['A-1', '甲, "乙"', '']],
    [3, ['A-2', '两\r\n行', 'x']],
    [4, ['']],
    [5, ['A-3', '', '末行']],
  ];

  it('reads quoted fields, doubled quotes, line breaks in cells and every line ending, however the text is cut', () => {
    for (const size of [1, 2, 3, 5, text.length]) expect(records(text, size)).toEqual(expected);
    expect(records('a\rb\r')).toEqual([[1, ['a']], [2, ['b']]]);
  });

  it('drops a BOM, and refuses a file that is not UTF-8, a quote left open or a quote in the wrong place', async () => {
    const seen: string[][] = [];
    await readCsv(Buffer.from('\uFEFFcode\nA\n'), { cell: () => undefined, record: (_, cells) => seen.push([...cells]) });
    expect(seen).toEqual([['code'], ['A']]);
    const sink: RecordSink = { cell: () => undefined, record: () => undefined };
    await expect(readCsv(Buffer.from([0x63, 0x6f, 0x64, 0x65, 0x0a, 0xb5, 0xa5, 0xce, 0xbb]), sink)).rejects.toThrow(/UTF-8/); // GBK 单位
    await expect(readCsv(Buffer.from('code\n"A,1\n'), sink)).rejects.toThrow(/第 2 行的引号没有闭合/);
    await expect(readCsv(Buffer.from('code\n"A"1\n'), sink)).rejects.toThrow(UnreadableFileError);
  });

  it('hands a growing field to the sink before it ends, so a limit stops reading inside the field', () => {
    const cells: number[] = [];
    const sink: RecordSink = {
      cell: (_line, _index, text) => {
        cells.push(text.length);
        if (text.length > 32_767) throw new ImportLimitError('size', 'too long');
      },
      record: () => undefined,
    };
    const tokenizer = new CsvTokenizer(sink);
    expect(() => {
      for (let i = 0; i < 100; i += 1) tokenizer.push('x'.repeat(10_000));
    }).toThrow(ImportLimitError);
    expect(Math.max(...cells)).toBeLessThan(50_000);
  });
});
