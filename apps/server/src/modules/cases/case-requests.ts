import type { EntityManager } from 'typeorm';
import type { CaseRequestView } from '@hcp/contracts';
import { decryptField, encryptField, maskPhone } from '../../common/privacy/field-cipher.js';
import { CaseRequestEntity } from './entities/case-request.entity.js';

/** The person behind a request sent through Open311, as the sending system gave them. */
export interface RequestReporter {
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
}

/** A service request received through Open311, ready to become a case of the service item's unit. */
export interface IncomingRequest {
  serviceItemId: string;
  serviceItemCode: string;
  /** The unit the service item belongs to: it handles the case unless a routing rule says otherwise. */
  serviceItemUnitId: string;
  description: string;
  address: string | null;
  lat: number | null;
  long: number | null;
  attributes: Record<string, string>;
  reporter: RequestReporter;
  clientId: string;
  receivedAt: Date;
}

/** z***@example.cn: enough for staff to recognise an address without reading it whole. */
export function maskEmail(email: string | null): string | null {
  if (!email) return null;
  const at = email.lastIndexOf('@');
  return at <= 0 ? '***' : `${email[0]}***${email.slice(at)}`;
}

export function hasAnyContact(r: RequestReporter): boolean {
  return Boolean(r.firstName || r.lastName || r.email || r.phone);
}

export async function storeRequest(m: EntityManager, caseId: string, r: IncomingRequest, key: Buffer): Promise<void> {
  await m.insert(CaseRequestEntity, {
    caseId,
    serviceItemId: r.serviceItemId,
    description: r.description,
    address: r.address,
    lat: r.lat,
    long: r.long,
    attributes: r.attributes,
    reporterEnc: hasAnyContact(r.reporter) ? encryptField(JSON.stringify(r.reporter), key) : null,
    phoneMasked: maskPhone(r.reporter.phone),
    clientId: r.clientId,
    createdAt: r.receivedAt,
  });
}

function reporterOf(row: CaseRequestEntity, key: Buffer): RequestReporter | null {
  return row.reporterEnc ? (JSON.parse(decryptField(row.reporterEnc, key)) as RequestReporter) : null;
}

/** What the handling unit's staff read of the requests behind these cases, by case id. */
export async function requestViews(m: EntityManager, caseIds: readonly string[], key: Buffer): Promise<Map<string, CaseRequestView & { phoneMasked: string | null }>> {
  if (caseIds.length === 0) return new Map();
  const rows = await m.find(CaseRequestEntity, { where: caseIds.map((caseId) => ({ caseId })), relations: { serviceItem: true } });
  return new Map(
    rows.map((row) => {
      const reporter = reporterOf(row, key);
      const name = [reporter?.lastName, reporter?.firstName].filter(Boolean).join('') || null;
      return [
        row.caseId,
        {
          serviceItem: { code: row.serviceItem?.code ?? '', name: row.serviceItem?.name ?? '' },
          description: row.description,
          address: row.address,
          lat: row.lat,
          long: row.long,
          attributes: row.attributes,
          reporterName: name,
          emailMasked: maskEmail(reporter?.email ?? null),
          phoneMasked: row.phoneMasked,
        },
      ];
    }),
  );
}

/** The reporter's whole phone number, decrypted, or null. */
export async function requestPhone(m: EntityManager, caseId: string, key: Buffer): Promise<string | null> {
  const row = await m.findOneBy(CaseRequestEntity, { caseId });
  return row ? (reporterOf(row, key)?.phone ?? null) : null;
}
