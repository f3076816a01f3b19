import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.js';
import { ApiKeyScope } from '@hcp/contracts';
import { ApiKeyService } from '../api-keys/api-key.service.js';
import { CasePublicationService, type PublishedCase } from '../cases/case-publication.service.js';
import { CasesService } from '../cases/cases.service.js';
import type { IncomingRequest } from '../cases/case-requests.js';
import { ServiceItemsService, type PublishedServiceItem } from '../catalog/service-items.service.js';
import { Open311Error } from './open311-errors.js';
import { w3cDateTime, type Open311Record } from './open311-format.js';

/** The specification a client reads the endpoint by. */
const SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';
/** When this endpoint's behaviour last changed (the discovery document's `changeset`). */
const CHANGESET = new Date('2026-11-30T00:00:00+08:00');

/** At most this many requests or updates per answer (the specification suggests 1,000). */
export const OPEN311_MAX_RESULTS = 1000;
/** A search without dates covers the last 90 days; a range may not be wider. */
export const OPEN311_MAX_RANGE_DAYS = 90;
const DAY_MS = 86_400_000;

export interface RequestSearch {
  serviceRequestIds?: string[];
  serviceCodes?: string[];
  start?: Date;
  end?: Date;
  status?: ('open' | 'closed')[];
}

/** A POSTed request as read from its form: the key and service code, and what the case keeps. */
export interface NewServiceRequest extends Pick<IncomingRequest, 'description' | 'address' | 'lat' | 'long' | 'attributes' | 'reporter'> {
  apiKey: string;
  serviceCode: string;
}

/**
 * Open311 GeoReport v2 over the catalog and the cases: service items are the services, cases the service
 * requests. Answers carry nothing personal (see `CasePublicationService`).
 */
@Injectable()
export class Open311Service {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly keys: ApiKeyService,
    private readonly items: ServiceItemsService,
    private readonly publication: CasePublicationService,
    private readonly cases: CasesService,
  ) {}

  discovery(): Open311Record {
    const changeset = w3cDateTime(CHANGESET);
    return {
      changeset,
      contact: this.config.open311.contact,
      key_service: '请向系统管理员申请具有 open311 权限的 API 密钥（管理后台 → API 密钥）',
      endpoints: [
        {
          specification: SPECIFICATION,
          url: `${this.config.http.publicBaseUrl}/open311/v2`,
          changeset,
          type: 'production',
          formats: ['text/xml', 'application/json'],
        },
      ],
    };
  }

  async services(): Promise<Open311Record[]> {
    return (await this.items.published()).map(toService);
  }

  /** A service's definition: no service takes extra attributes (`metadata` false), so the list is empty. */
  async serviceDefinition(code: string): Promise<Open311Record> {
    const [item] = await this.items.published([code]);
    if (!item) throw Open311Error.notFound(`service_code 不存在：${code}`);
    return { service_code: item.code, attributes: [] };
  }

  async requests(search: RequestSearch): Promise<Open311Record[]> {
    const byId = search.serviceRequestIds !== undefined;
    // With ids the dates are ignored (as the specification says); without, the last 90 days at most.
    const range = byId ? {} : dateRange(search.start, search.end);
    const status = search.status && new Set(search.status);
    const cases = await this.publication.cases({
      caseNos: search.serviceRequestIds,
      serviceCodes: search.serviceCodes,
      ...range,
      open: status && status.size === 1 ? status.has('open') : undefined,
      limit: OPEN311_MAX_RESULTS,
    });
    return cases.map(toRequest);
  }

  async request(id: string): Promise<Open311Record[]> {
    const [found] = await this.publication.cases({ caseNos: [id], limit: 1 });
    if (!found) throw Open311Error.notFound(`service_request_id 不存在：${id}`);
    return [toRequest(found)];
  }

  /** mySociety's extension: each public step of a case in the range, as an update. */
  async updates(start: Date | undefined, end: Date | undefined): Promise<Open311Record[]> {
    const { from, to } = dateRange(start, end);
    return (await this.publication.steps(from, to, OPEN311_MAX_RESULTS)).map((s) => ({
      update_id: s.id,
      service_request_id: s.caseNo,
      status: s.closed ? 'closed' : 'open',
      updated_datetime: w3cDateTime(s.at),
      description: s.text,
      media_url: '',
    }));
  }

  /**
   * A service request from another system: checked, limited per key, and opened as a case of the service item's
   * unit in one transaction (the case and what the request said, or nothing).
   */
  async create(request: NewServiceRequest): Promise<Open311Record[]> {
    const { apiKey, serviceCode, ...content } = request;
    const client = await this.keys.verify(apiKey, ApiKeyScope.Open311);
    if (!client) throw new Open311Error(403, 'api_key 无效、已吊销或没有 open311 权限');
    const [item] = await this.items.published([serviceCode]);
    if (!item) throw Open311Error.badRequest(`service_code 不存在或已停用：${serviceCode}`);
    const opened = await this.db.transaction(async (m) => {
      const limit = this.config.open311.requestsPerKeyPerHour;
      const n = await this.cases.requestsInLastHour(m, client.id, limit);
      if (n >= limit) throw new Open311Error(429, '提交过于频繁，请稍后再试');
      return this.cases.openForRequest(m, {
        serviceItemId: item.id,
        serviceItemCode: item.code,
        serviceItemUnitId: item.unitId,
        ...content,
        clientId: client.id,
        receivedAt: new Date(),
      });
    });
    return [{ service_request_id: opened.caseNo, service_notice: serviceNotice(opened.replyDueAt), account_id: null }];
  }
}

function dateRange(start: Date | undefined, end: Date | undefined): { from: Date; to: Date } {
  const to = end ?? (start ? new Date(start.getTime() + OPEN311_MAX_RANGE_DAYS * DAY_MS) : new Date());
  const from = start ?? new Date(to.getTime() - OPEN311_MAX_RANGE_DAYS * DAY_MS);
  if (from > to) throw Open311Error.badRequest('start_date 不能晚于 end_date');
  if (to.getTime() - from.getTime() > OPEN311_MAX_RANGE_DAYS * DAY_MS) throw Open311Error.badRequest(`start_date 与 end_date 相距不能超过 ${OPEN311_MAX_RANGE_DAYS} 天`);
  return { from, to };
}

function serviceNotice(replyDueAt: Date): string {
  return `已受理，办理单位将在 ${w3cDateTime(replyDueAt)!.slice(0, 10)} 前答复`;
}

function toService(item: PublishedServiceItem): Open311Record {
  return {
    service_code: item.code,
    service_name: item.name,
    description: item.name,
    metadata: false,
    type: 'realtime',
    keywords: '',
    group: item.unitName,
  };
}

function toRequest(c: PublishedCase): Open311Record {
  return {
    service_request_id: c.caseNo,
    status: c.open ? 'open' : 'closed',
    status_notes: c.reply ?? '',
    service_name: c.serviceName ?? '',
    service_code: c.serviceCode ?? '',
    description: c.summary,
    agency_responsible: c.unitName,
    service_notice: c.open ? serviceNotice(c.replyDueAt) : '',
    requested_datetime: w3cDateTime(c.openedAt),
    updated_datetime: w3cDateTime(c.updatedAt),
    expected_datetime: w3cDateTime(c.replyDueAt),
    address: c.address ?? '',
    address_id: '',
    zipcode: '',
    lat: c.lat,
    long: c.long,
    media_url: '',
  };
}
