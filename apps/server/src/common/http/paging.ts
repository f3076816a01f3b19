import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { PageQuery, Paged } from '@hcp/contracts';

/** The deepest page a list serves (100,000 rows at the largest page size): deeper needs a search, not paging. */
export const MAX_PAGE = 1000;

/** A query-string number is plain decimal digits, nothing else ("1e300", "0x5", " 4 " stay strings and fail). */
export const digitsOnly = ({ value }: { value: unknown }) => (typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value);

export class PageQueryDto implements PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE, default: 1 })
  @IsOptional()
  @Transform(digitsOnly)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Transform(digitsOnly)
  @IsInt()
  @Min(1)
  @Max(100)
  pageSize?: number;

  @ApiPropertyOptional({ description: 'Search in name and code' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ description: 'true: active only; false: deactivated only; absent: both' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  active?: boolean;
}

/** Escapes LIKE wildcards so a search for "50%" finds the text "50%". */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Applies search, the active filter and paging, and returns the page with the total. */
export async function page<T extends ObjectLiteral, R>(
  qb: SelectQueryBuilder<T>,
  query: PageQuery,
  options: { searchColumns: string[]; activeColumn?: string; orderBy: string; map: (entity: T) => R },
): Promise<Paged<R>> {
  if (query.q) {
    const clauses = options.searchColumns.map((c) => `${c} ILIKE :q`).join(' OR ');
    qb.andWhere(`(${clauses})`, { q: likePattern(query.q.trim()) });
  }
  if (query.active !== undefined && options.activeColumn) qb.andWhere(`${options.activeColumn} = :active`, { active: query.active });
  const size = query.pageSize ?? 20;
  qb.orderBy(options.orderBy, 'ASC')
    .skip(((query.page ?? 1) - 1) * size)
    .take(size);
  const [rows, total] = await qb.getManyAndCount();
  return { items: rows.map(options.map), total };
}
