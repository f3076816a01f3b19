import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { NATIONAL_EXPORT_DEFAULT_LIMIT, NATIONAL_EXPORT_MAX_LIMIT } from '@hcp/contracts';

const digitsOnly = ({ value }: { value: unknown }) => (typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value);

export class NationalExportQueryDto {
  @ApiPropertyOptional({ description: 'First China-time day of the ratings (YYYY-MM-DD, inclusive); absent: from the start' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'from must be YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ description: 'Last China-time day of the ratings (YYYY-MM-DD, inclusive); absent: no end (an incremental feed)' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'to must be YYYY-MM-DD' })
  to?: string;

  @ApiPropertyOptional({ description: 'The X-Next-Cursor of the previous page; absent: from the beginning' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: NATIONAL_EXPORT_MAX_LIMIT, default: NATIONAL_EXPORT_DEFAULT_LIMIT })
  @IsOptional()
  @Transform(digitsOnly)
  @IsInt()
  @Min(1)
  @Max(NATIONAL_EXPORT_MAX_LIMIT)
  limit?: number;
}
