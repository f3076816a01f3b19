import { sealPhone } from '../../common/privacy/field-cipher.js';
import type { StaffEntity } from './entities/staff.entity.js';

/** The staff table's phone columns for a number (or for none): encrypted, masked, and its keyed hash. */
export function staffPhoneColumns(phone: string | null, key: Buffer): Pick<StaffEntity, 'phoneEnc' | 'phoneMasked' | 'phoneHash'> {
  const sealed = sealPhone(phone, key);
  return { phoneEnc: sealed.enc, phoneMasked: sealed.masked, phoneHash: sealed.hash };
}
