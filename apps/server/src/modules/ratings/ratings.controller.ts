import { Body, Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import type { Request, Response } from 'express';
import { SCENE_PATTERN, type MyRating, type Paged, type PhoneNumberExchange, type PhoneNumberExchangeRequest, type RatingReceipt, type RecentRating } from '@hcp/contracts';
import { PageQueryDto } from '../../common/http/paging.js';
import { CurrentPrincipal, ForCitizens } from '../identity/auth.decorators.js';
import type { CitizenPrincipal } from '../../common/authz/principal.js';
import { CreateRatingDto } from './dto/create-rating.dto.js';
import { PhoneNumbersService } from './phone-numbers.service.js';
import { RatingsService } from './ratings.service.js';

export class PhoneNumberExchangeDto implements PhoneNumberExchangeRequest {
  @ApiProperty({ description: 'The code of the getPhoneNumber button (single use, valid 5 minutes)' })
  @IsString()
  @Length(1, 128)
  code: string;
}

export class RecentRatingQueryDto {
  @ApiProperty({ description: 'The scene of the window’s QR code, as the rating page has it' })
  @IsString()
  @Matches(SCENE_PATTERN, { message: 'scene must be a window code’s scene (1–32 characters)' })
  scene: string;
}

@ApiTags('ratings')
@ApiBearerAuth()
@Controller()
export class RatingsController {
  constructor(
    private readonly ratings: RatingsService,
    private readonly phones: PhoneNumbersService,
  ) {}

  @ForCitizens('only')
  @Post('ratings/phone-number')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Exchange a getPhoneNumber code at once for a token the rating carries (the code dies in 5 minutes; the token survives the offline queue)',
  })
  exchangePhone(@CurrentPrincipal() citizen: CitizenPrincipal, @Body() dto: PhoneNumberExchangeDto): Promise<PhoneNumberExchange> {
    return this.phones.exchange(citizen, dto.code);
  }

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

  @ForCitizens('only')
  @Get('me/ratings/recent')
  @ApiOperation({
    summary: "The citizen's own rating of this window within the one-rating period, if any (the rating page says so before the citizen writes)",
  })
  recent(@CurrentPrincipal() citizen: CitizenPrincipal, @Query() query: RecentRatingQueryDto): Promise<RecentRating> {
    return this.ratings.recentAtWindow(citizen, query.scene);
  }
}
