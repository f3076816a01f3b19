import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID, Matches } from 'class-validator';

/** Where in the catalog a query looks: a region's subtree, a unit, a hall or a window (each optional). */
export class PlaceQueryDto {
  @ApiPropertyOptional({ description: '12-digit region code: the region with its subtree' })
  @IsOptional()
  @Matches(/^\d{12}$/, { message: 'regionCode must be a 12-digit region code' })
  regionCode?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID('all')
  unitId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID('all')
  hallId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID('all')
  windowId?: string;
}
