import ExcelJS from 'exceljs';
import request from 'supertest';
import { Like } from 'typeorm';
import { CatalogImportService } from '../src/modules/catalog/catalog-import.service.js';
import { UnitEntity } from '../src/modules/catalog/entities/unit.entity.js';
import { bearer, login, seedWorld } from './support/fixtures.js';
import { hugeSharedString, unclosedCells, unclosedSheetTags, zipBomb } from './support/xlsx-files.mjs';
import { createTestApp, type TestApp } from './support/test-app.js';

/**
 * Hostile import files: each must be refused early with a code, store nothing, and answer with a small body.
 * The files are generated here (XLSX ones in support/xlsx-files.mjs); the largest upload is about 1 MB.
 */
describe('catalog import limits', () => {
  let t: TestApp;
  let admin: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp();
    await seedWorld(t.dataSource);
    admin = bearer(await login(t.http, 'admin'));
  });
  afterAll(async () => {
    await t.close();
  });

  const upload = (kind: string, content: string | Buffer, filename: string, query = '') =>
    request(t.http).post(`/api/v1/catalog/import/${kind}${query}`).set(admin).attach('file', Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'), filename);
  const unitsLike = (prefix: string) => t.dataSource.getRepository(UnitEntity).count({ where: { code: Like(`${prefix}%`) } });
  const bodyBytes = (res: request.Response) => Buffer.byteLength(res.text, 'utf8');

  const unitRows = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${i},单位${i},370902000000`);

  it('stops reading at data row 20,001, before the rest of the file, and stores nothing', async () => {
    // After row 20,001 comes an unclosed quote: a reader that went on would call the file unreadable instead.
    const csv = ['code,name,regionCode', ...unitRows('ROWS-', 20_001), '"never read,x,y'].join('\n');
    const res = await upload('units', csv, 'units.csv').expect(400);
    expect(res.body.code).toBe('IMPORT_TOO_MANY_ROWS');
    expect(res.body.message).toContain('20000');
    expect(bodyBytes(res)).toBeLessThan(1024);
    expect(await unitsLike('ROWS-')).toBe(0);
  });

  it('refuses an upload over 5 MB before reading it', async () => {
    const res = await upload('units', Buffer.alloc(5 * 1024 * 1024 + 1, 0x61), 'units.csv').expect(413);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('accepts exactly 20,000 data rows; blank lines do not count', async () => {
    const csv = ['code,name,regionCode', ...unitRows('ROWS-', 20_000), ',,', '', ',,'].join('\n');
    const res = await upload('units', csv, 'units.csv', '?dryRun=true').expect(200);
    expect(res.body).toMatchObject({ dryRun: true, rows: 20_000, created: 20_000, errors: [] });
  });

  it('refuses a CSV cell longer than the cell limit, and a row with too many columns, without echoing them', async () => {
    const header = 'code,name,regionCode,parentCode\n';
    const long = await upload('units', `${header}BIG-1,长单元格,370902000000,${'P'.repeat(40_000)}\n`, 'units.csv').expect(400);
    expect(long.body).toMatchObject({ code: 'IMPORT_TOO_LARGE', message: expect.stringContaining('第 2 行第 4 列') });
    expect(bodyBytes(long)).toBeLessThan(1024);

    const huge = await upload('units', `${header}BIG-2,大单元格,370902000000,${'P'.repeat(1_000_000)}\n`, 'units.csv').expect(400);
    expect(huge.body).toMatchObject({ code: 'IMPORT_TOO_LARGE', message: expect.stringContaining('第 2 行') });
    expect(bodyBytes(huge)).toBeLessThan(1024);

    const wide = await upload('units', `${header}BIG-3,很多列,370902000000${','.repeat(1_000_000)}\n`, 'units.csv').expect(400);
    expect(wide.body).toMatchObject({ code: 'IMPORT_TOO_LARGE', message: expect.stringContaining('列数') });
    expect(bodyBytes(wide)).toBeLessThan(1024);
    expect(await unitsLike('BIG-')).toBe(0);
  });

  it('refuses an XLSX whose sheet inflates far beyond the cap, though its zip declares a small size', async () => {
    const file = zipBomb(100);
    expect(file.length).toBeLessThan(200 * 1024);
    const res = await upload('units', file, 'bomb.xlsx').expect(400);
    expect(res.body).toMatchObject({ code: 'IMPORT_TOO_LARGE', message: expect.stringContaining('解压后超过') });
    expect(bodyBytes(res)).toBeLessThan(1024);
    expect(await unitsLike('BOMB-')).toBe(0);
  });

  it('refuses an XLSX with one 200 MB cell, uploaded at about 200 KB', async () => {
    const file = hugeSharedString(200);
    expect(file.length).toBeLessThan(250 * 1024);
    const res = await upload('units', file, 'cell.xlsx').expect(400);
    expect(res.body.code).toBe('IMPORT_TOO_LARGE');
    expect(bodyBytes(res)).toBeLessThan(1024);
  });

  it('refuses an XLSX whose tags never end as damaged, and answers other requests meanwhile', async () => {
    // 340,000 unclosed cells in one row and 8 MiB of unclosed <sheet tags: looking again from every tag took minutes.
    for (const [file, name] of [[unclosedCells(340_000), 'cells.xlsx'], [unclosedSheetTags(8), 'workbook.xlsx']] as const) {
      const answer = upload('units', file, name).then((res) => res);
      await request(t.http).get('/health/live').expect(200);
      const res = await answer;
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('IMPORT_UNREADABLE');
      expect(res.body.message).toMatch(/损坏|文件为空/);
    }
  });

  it('keeps the error report short: a huge unknown header, many unknown columns and hundreds of bad rows', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('单位');
    const unknown = Array.from({ length: 150 }, (_, i) => `未知列${i}`.padEnd(200, '长'));
    sheet.addRow(['code', 'name', 'regionCode', 'parentCode', '表头'.repeat(15_000), ...unknown]);
    sheet.addRow(['LONG-0', '引用不存在的上级', '370902000000', 'Q'.repeat(20_000)]);
    for (let i = 1; i <= 300; i += 1) sheet.addRow([`LONG-${i}`, `单位${i}`, '3709']);
    const res = await upload('units', Buffer.from(await book.xlsx.writeBuffer()), 'units.xlsx').expect(400);
    expect(res.body.code).toBe('IMPORT_INVALID');
    expect(bodyBytes(res)).toBeLessThan(16 * 1024);
    const { report } = res.body as { report: { errors: { line: number; field: string; message: string }[]; errorCount: number } };
    expect(report.errorCount).toBe(151 + 1 + 300);
    expect(report.errors.length).toBeGreaterThan(10);
    expect(report.errors.length).toBeLessThanOrEqual(100);
    expect(report.errors[0]).toMatchObject({ line: 1 });
    for (const error of report.errors) {
      expect(error.field.length).toBeLessThanOrEqual(40);
      expect(error.message.length).toBeLessThanOrEqual(120);
    }
    expect(res.body.message).toContain('452');
    expect(await unitsLike('LONG-')).toBe(0);
  });

  it('refuses cells a spreadsheet would run as a formula, naming the line and the field, and stores nothing', async () => {
    const csv = [
      'code,name,regionCode',
      'CALC-1,=1+1,370902000000',
      'CALC-2,+8613800000000,370902000000',
      'CALC-3,-2+3,370902000000',
      'CALC-4,@SUM(A1),370902000000',
      'CALC-5,"\t=cmd|\' /C calc\'!A0",370902000000',
      'CALC-6,"\r=1+1",370902000000',
      'CALC-7, =1+1,370902000000',
      'CALC-8,正常的名称,370902000000',
    ].join('\n');
    const res = await upload('units', csv, 'units.csv').expect(400);
    expect(res.body.code).toBe('IMPORT_INVALID');
    expect(res.body.report.errors.map((e: { line: number; field: string }) => [e.line, e.field])).toEqual([2, 3, 4, 5, 6, 7, 8].map((line) => [line, 'name']));
    expect(res.body.report.errors[0].message).toContain('公式');

    const book = new ExcelJS.Workbook();
    book.addWorksheet('单位').addRows([
      ['code', 'name', 'regionCode'],
      ['CALC-9', '=HYPERLINK("http://example.invalid","点我")', '370902000000'],
    ]);
    const xlsx = await upload('units', Buffer.from(await book.xlsx.writeBuffer()), 'units.xlsx').expect(400);
    expect(xlsx.body.report.errors).toEqual([expect.objectContaining({ line: 2, field: 'name' })]);
    expect(await unitsLike('CALC-')).toBe(0);
  });

  it('counts every formula-like cell of a large file, keeping only the ones the report shows', async () => {
    // 2,000 rows of 38 formula-like cells: 76,000 problems, each once held in memory and sorted, now counted.
    const extra = Array.from({ length: 37 }, () => 'name');
    const csv = [['code', 'name', 'regionCode', ...extra].join(','), ...Array.from({ length: 2000 }, (_, i) => [`FORM-${i}`, '=1', '370902000000', ...extra.map(() => '=1')].join(','))].join('\n');
    const res = await upload('units', csv, 'units.csv', '?dryRun=true').expect(400);
    expect(res.body.code).toBe('IMPORT_INVALID');
    expect(res.body.message).toContain('76000');
    expect(res.body.report.errorCount).toBe(76_000);
    expect(res.body.report.errors.length).toBeLessThanOrEqual(100);
    expect(res.body.report.errors[0]).toMatchObject({ line: 2, field: 'name' });
    expect(bodyBytes(res)).toBeLessThan(16 * 1024);
  });

  it('refuses a NUL character in a cell (a raw byte in a CSV, an escape in an XLSX) as a row error, not a 500', async () => {
    const csv = Buffer.concat([Buffer.from('code,name,regionCode\nNUL-1,名称', 'utf8'), Buffer.from([0]), Buffer.from('后缀,370902000000\n', 'utf8')]);
    const res = await upload('units', csv, 'units.csv').expect(400);
    expect(res.body.report.errors).toEqual([expect.objectContaining({ line: 2, field: 'name' })]);

    const book = new ExcelJS.Workbook();
    book.addWorksheet('单位').addRows([
      ['code', 'name', 'regionCode'],
      ['NUL-2', 'a_x0000_b', '370902000000'], // OOXML's escape for a character XML cannot carry
    ]);
    const xlsx = await upload('units', Buffer.from(await book.xlsx.writeBuffer()), 'units.xlsx').expect(400);
    expect(xlsx.body.report.errors).toEqual([expect.objectContaining({ line: 2, field: 'name' })]);
    expect(await unitsLike('NUL-')).toBe(0);
  });

  it('answers busy while the import slots are taken, and imports again once one is free', async () => {
    const { gate } = t.app.get(CatalogImportService);
    const held = Array.from({ length: gate.capacity }, () => gate.tryEnter());
    try {
      const res = await upload('units', 'code,name,regionCode\nBUSY-1,忙时单位,370902000000\n', 'units.csv').expect(503);
      expect(res.body.code).toBe('IMPORT_BUSY');
    } finally {
      for (const leave of held) leave?.();
    }
    await upload('units', 'code,name,regionCode\nBUSY-1,忙时单位,370902000000\n', 'units.csv').expect(200);
    expect(await unitsLike('BUSY-')).toBe(1);
  });
});
