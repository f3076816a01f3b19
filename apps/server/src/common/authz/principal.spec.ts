import { inRegionSubtree, regionPrefix, seesUnit, visibilityOf } from './principal.js';

describe('region scope', () => {
  it('derives the subtree prefix from the 12-digit code', () => {
    expect(regionPrefix('370000000000')).toBe('37');
    expect(regionPrefix('370900000000')).toBe('3709');
    expect(regionPrefix('370902000000')).toBe('370902');
    expect(regionPrefix('370902001000')).toBe('370902001');
    expect(regionPrefix('370902001002')).toBe('370902001002');
  });

  it('puts a county inside its city and not inside a neighbouring city', () => {
    expect(inRegionSubtree('370902000000', '370900000000')).toBe(true);
    expect(inRegionSubtree('371002000000', '370900000000')).toBe(false);
  });

  it('lets a supervisor see units of the subtree, and unit staff only their unit', () => {
    const supervisor = visibilityOf({ kind: 'staff', staffId: 's', sessionId: 'x', roles: ['supervisor'], unitId: null, scopeRegionCode: '370900000000' });
    expect(seesUnit(supervisor, { id: 'u1', regionCode: '370902000000' })).toBe(true);
    expect(seesUnit(supervisor, { id: 'u2', regionCode: '371002000000' })).toBe(false);
    const handler = visibilityOf({ kind: 'staff', staffId: 'h', sessionId: 'y', roles: ['case_handler'], unitId: 'u1', scopeRegionCode: null });
    expect(seesUnit(handler, { id: 'u1', regionCode: '370902000000' })).toBe(true);
    expect(seesUnit(handler, { id: 'u3', regionCode: '370902000000' })).toBe(false);
    expect(visibilityOf({ kind: 'citizen', citizenId: 'c' })).toEqual({ all: false, regionPrefix: null, unitId: null });
  });
});
