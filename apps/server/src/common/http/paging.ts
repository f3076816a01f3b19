import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { PageQuery, Paged } from '@hcp/contracts';

export class PageQueryDto implements PageQuery {
  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
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
