import { inRegionSubtree } from '../../../common/authz/principal.js';
import { containingRegionCodes } from './region-codes.js';

describe('containing region codes', () => {
  it('lists a village’s province, city, county, township and itself, outermost first', () => {
    expect(containingRegionCodes('370902001002')).toEqual(['370000000000', '370900000000', '370902000000', '370902001000', '370902001002']);
  });

  it('lists a county’s province, city and itself once each', () => {
    expect(containingRegionCodes('370902000000')).toEqual(['370000000000', '370900000000', '370902000000']);
    expect(containingRegionCodes('370000000000')).toEqual(['370000000000']);
  });

  it('agrees with the scope rule: exactly the regions whose subtree holds the code', () => {
    const codes = ['370000000000', '370900000000', '370902000000', '370902001000', '370902001002', '371000000000', '370903000000', '370902002000', '370009000000'];
    for (const code of codes) {
      const containing = containingRegionCodes(code);
      for (const other of codes) expect([other, containing.includes(other)]).toEqual([other, inRegionSubtree(code, other)]);
    }
  });
});
