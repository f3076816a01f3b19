import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags, IntersectionType, PickType } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { FLAG_REVIEW_STATES, type FlaggedRating, type FlaggedRatingQuery, type FlagReviewRequest, type FlagReviewState, type Paged } from '@hcp/contracts';
import type { StaffPrincipal } from '../../common/authz/principal.js';
import { PageQueryDto } from '../../common/http/paging.js';
import { PlaceQueryDto } from '../../common/http/place-query.js';
import { CurrentPrincipal, Roles } from '../identity/auth.decorators.js';
import { FlaggedRatingsService } from './flagged-ratings.service.js';

/** Paged like the catalog lists, filtered to one unit or window. */
export class FlaggedRatingQueryDto
  extends IntersectionType(PickType(PageQueryDto, ['page', 'pageSize'] as const), PickType(PlaceQueryDto, ['unitId', 'windowId'] as const))
  implements FlaggedRatingQuery
{
  @ApiPropertyOptional({ enum: FLAG_REVIEW_STATES, default: 'pending' })
  @IsOptional()
  @IsIn(FLAG_REVIEW_STATES)
  state?: FlagReviewState;
}

export class FlagReviewDto implements FlagReviewRequest {
  @ApiProperty({ enum: ['clear', 'confirm'], description: 'clear: the rating counts again; confirm: it stays out of the figures' })
  @IsIn(['clear', 'confirm'])
  decision: 'clear' | 'confirm';

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  note?: string;
}

@ApiTags('ratings')
@ApiBearerAuth()
@Roles('supervisor', 'system_admin')
@Controller('ratings/flagged')
export class FlaggedRatingsController {
  constructor(private readonly flagged: FlaggedRatingsService) {}

  @Get()
  @ApiOperation({ summary: 'Ratings flagged by the fraud and content signals, with the signals (supervisors: their region; system administrators: all)' })
  list(@CurrentPrincipal() p: StaffPrincipal, @Query() q: FlaggedRatingQueryDto): Promise<Paged<FlaggedRating>> {
    return this.flagged.list(p, q);
  }

  @Post(':id')
  @HttpCode(200)
  @ApiOperation({ summary: 'Clear (counts again) or confirm (stays out) a flagged rating. 404 outside the scope, 403 for one’s own unit, 409 when already decided' })
  review(@CurrentPrincipal() p: StaffPrincipal, @Param('id', new ParseUUIDPipe({ version: '4' })) id: string, @Body() dto: FlagReviewDto): Promise<FlaggedRating> {
    return this.flagged.review(p, id, dto);
  }
}
