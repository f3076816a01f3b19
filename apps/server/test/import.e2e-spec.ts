import ExcelJS from 'exceljs';
import request from 'supertest';
import { Like } from 'typeorm';
import { ServiceItemEntity } from '../src/modules/catalog/entities/service-item.entity.js';
import { UnitEntity } from '../src/modules/catalog/entities/unit.entity.js';
import { WindowEntity } from '../src/modules/catalog/entities/window.entity.js';
import { StaffEntity } from '../src/modules/identity/entities/staff.entity.js';
import { bearer, login, seedWorld, type World } from './support/fixtures.js';
import { createTestApp, type TestApp } from './support/test-app.js';

describe('bulk catalog import', () => {
  let t: TestApp;
  let w: World;
  let admin: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp();
    w = await seedWorld(t.dataSource);
    admin = bearer(await login(t.http, 'admin'));
  });
  afterAll(async () => {
    await t.close();
  });

  const upload = (kind: string, content: string | Buffer, filename: string, query = '') =>
    request(t.http).post(`/api/v1/catalog/import/${kind}${query}`).set(admin).attach('file', Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'), filename);

  it('imports nothing when one row is bad, and names the line and the field', async () => {
    const csv = '\uFEFF单位编码,单位名称,区划编码\nNEW-1,新单位一,370902000000\nNEW-2,新单位二,3709\nNEW-3,新单位三,370902000000\n';
    const res = await upload('units', csv, 'units.csv').expect(400);
    expect(res.body.code).toBe('IMPORT_INVALID');
    expect(res.body.report.errors).toEqual([{ line: 3, field: 'regionCode', message: '区划编码须为 12 位数字' }]);
    expect(await t.dataSource.getRepository(UnitEntity).count({ where: [{ code: 'NEW-1' }, { code: 'NEW-3' }] })).toBe(0);
  });

  it('reports every bad row at once: missing cells, duplicates in the file, unknown references and columns', async () => {
    const csv = [
      'code,name,unitCode,colour',
      'IMP-1,事项一,UNIT-A,red',
      'IMP-1,事项一重复,UNIT-A,red',
      ',无编码,UNIT-A,red',
      'IMP-4,事项四,NO-SUCH-UNIT,red',
    ].join('\n');
    const res = await upload('service-items', csv, 'items.csv').expect(400);
    expect(res.body.report.errors.map((e: { line: number; field: string }) => [e.line, e.field])).toEqual([
      [1, 'colour'],
      [3, 'code'],
      [4, 'code'],
      [5, 'unitCode'],
    ]);
    expect(await t.dataSource.getRepository(ServiceItemEntity).count({ where: { code: 'IMP-1' } })).toBe(0);
  });

  it('checks without writing on a dry run, then imports, creating and updating by natural key', async () => {
    const csv = 'code,name,unitCode\nIMP-10,营业执照变更,UNIT-A\nITEM-A-001,企业开办（更名）,UNIT-A\n';
    const dry = await upload('service-items', csv, 'items.csv', '?dryRun=true').expect(200);
    expect(dry.body).toEqual({ kind: 'service-items', dryRun: true, rows: 2, created: 1, updated: 1, errors: [] });
    expect(await t.dataSource.getRepository(ServiceItemEntity).count({ where: { code: 'IMP-10' } })).toBe(0);
    const real = await upload('service-items', csv, 'items.csv').expect(200);
    expect(real.body).toMatchObject({ dryRun: false, created: 1, updated: 1 });
    expect((await t.dataSource.getRepository(ServiceItemEntity).findOneByOrFail({ code: 'ITEM-A-001' })).name).toBe('企业开办（更名）');
  });

  it('imports windows from an Excel file, each with its own fresh QR scene', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('窗口');
    sheet.addRow(['大厅编码', '窗口号', '窗口名称', '负责单位编码', '事项编码']);
    sheet.addRow(['HALL-1', '7', '综合受理', 'UNIT-A', 'ITEM-A-001;IMP-10']);
    sheet.addRow(['HALL-1', '8', '社保综合', 'UNIT-B', '']);
    const file = Buffer.from(await book.xlsx.writeBuffer());
    const res = await upload('windows', file, 'windows.xlsx').expect(200);
    expect(res.body).toMatchObject({ rows: 2, created: 2, updated: 0 });
    const seven = await t.dataSource.getRepository(WindowEntity).findOneOrFail({ where: { hallId: w.halls.H1.id, number: '7' }, relations: { serviceItems: true } });
    expect(seven.serviceItems!.map((s) => s.code).sort()).toEqual(['IMP-10', 'ITEM-A-001']);
    expect(seven.scene).toMatch(/^[A-Za-z0-9]{12}$/);
    await request(t.http).get(`/api/v1/scan/${seven.scene}`).expect(200);
  });

  it('imports staff with roles by name or label and a checked initial password', async () => {
    const csv = '工号,姓名,单位编码,手机号,角色,初始密码\nB001,乙窗口,UNIT-B,13700000001,窗口工作人员;差评处理人员,Start2026ab\nB002,乙二,UNIT-B,,window_staff,short\n';
    const bad = await upload('staff', csv, 'staff.csv').expect(400);
    expect(bad.body.report.errors).toEqual([{ line: 3, field: 'password', message: '密码至少 8 位' }]);
    expect(await t.dataSource.getRepository(StaffEntity).count({ where: { staffNumber: 'B001' } })).toBe(0);
    await upload('staff', csv.replace(',short', ',Second2026x'), 'staff.csv').expect(200);
    const b1 = await t.dataSource.getRepository(StaffEntity).findOneByOrFail({ staffNumber: 'B001' });
    expect(b1.roles.sort()).toEqual(['case_handler', 'window_staff']);
    await login(t.http, 'B001', 'Start2026ab');
  });

  it('hashes a staff file’s passwords before its transaction: other imports go through meanwhile, and every account signs in', async () => {
    const count = 12;
    const rows = Array.from({ length: count }, (_, i) => `H${String(i).padStart(3, '0')},批量${i},UNIT-B,窗口工作人员,Batch2026n${i}`);
    const done: string[] = [];
    const staffImport = upload('staff', ['工号,姓名,单位编码,角色,初始密码', ...rows].join('\n'), 'staff.csv').then((res) => {
      done.push('staff');
      return res;
    });
    // Twelve scrypt hashes take a second or more. Held inside the import's transaction, they kept its lock, and this
    // regions import waited for all of them; now it is written while the hashing goes on.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const regions = await upload('regions', 'code,name,parentCode\n370902001000,岱庙街道,370902000000\n', 'regions.csv').then((res) => {
      done.push('regions');
      return res;
    });
    expect(regions.status).toBe(200);
    expect((await staffImport).status).toBe(200);
    expect(done).toEqual(['regions', 'staff']);
    expect(await t.dataSource.getRepository(StaffEntity).count({ where: { unitId: w.units.B.id, name: Like('批量%') } })).toBe(count);
    await login(t.http, 'H000', 'Batch2026n0');
    await login(t.http, `H0${count - 1}`, `Batch2026n${count - 1}`);
  });

  it('answers a non-file, an unknown kind, and a non-admin with codes', async () => {
    expect((await request(t.http).post('/api/v1/catalog/import/units').set(admin).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await upload('planets', 'a,b\n1,2', 'x.csv').expect(404)).body.code).toBe('NOT_FOUND');
    expect((await upload('units', Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 'x.xlsx').expect(400)).body.code).toBe('IMPORT_UNREADABLE');
    const clerk = bearer(await login(t.http, 'A001'));
    await request(t.http).post('/api/v1/catalog/import/units').set(clerk).attach('file', Buffer.from('code\n'), 'u.csv').expect(403);
  });
});
