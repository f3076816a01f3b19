import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { MyRating, Paged, RatingReceipt } from '@hcp/contracts';
import { PageQueryDto } from '../../common/http/paging.js';
import { CurrentPrincipal, ForCitizens } from '../identity/auth.decorators.js';
import type { CitizenPrincipal } from '../identity/principal.js';
import { CreateRatingDto } from './dto/create-rating.dto.js';
import { RatingsService } from './ratings.service.js';

@ApiTags('ratings')
@ApiBearerAuth()
@Controller()
export class RatingsController {
  constructor(private readonly ratings: RatingsService) {}

  @ForCitizens('only')
  @Post('ratings')
  @ApiOperation({
    summary: 'Rate a window. 201 when stored; 200 with the same body when this clientId was already stored. A 差评 (levels 1–2) opens a case.',
  })
  async create(
    @CurrentPrincipal() citizen: CitizenPrincipal,
    @Body() dto: CreateRatingDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RatingReceipt> {
    const { receipt, created } = await this.ratings.create(citizen, dto, req.ip);
    res.status(created ? 201 : 200);
    return receipt;
  }

  @ForCitizens('only')
  @Get('me/ratings')
  @ApiOperation({ summary: "The citizen's own ratings with their case state, newest first" })
  mine(@CurrentPrincipal() citizen: CitizenPrincipal, @Query() query: PageQueryDto): Promise<Paged<MyRating>> {
    return this.ratings.mine(citizen, query.page, query.pageSize);
  }
}
