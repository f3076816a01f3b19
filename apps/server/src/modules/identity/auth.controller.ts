import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { CitizenToken, Me, TokenPair } from '@hcp/contracts';
import { CurrentPrincipal, ForCitizens, Public } from './auth.decorators.js';
import { AuthService } from './auth.service.js';
import { ChangePasswordDto, DeviceLoginDto, LinkWechatDto, RefreshDto, StaffLoginDto, WechatLoginDto } from './dto/auth.dto.js';
import type { CitizenPrincipal, Principal, StaffPrincipal } from '../../common/authz/principal.js';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('auth/login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Staff sign-in with staff number and password (throttled per address and per staff number from an address)' })
  login(@Body() dto: StaffLoginDto, @Req() req: Request): Promise<TokenPair> {
    return this.auth.login(dto.staffNumber, dto.password, dto.deviceId, req.ip);
  }

  @Public()
  @Post('auth/refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange a refresh token for a new token pair (the old one stops working)' })
  refresh(@Body() dto: RefreshDto): Promise<TokenPair> {
    return this.auth.refresh(dto.refreshToken);
  }

  @Public()
  @Post('auth/logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a refresh token' })
  async logout(@Body() dto: RefreshDto): Promise<void> {
    await this.auth.logout(dto.refreshToken);
  }

  @Public()
  @Post('auth/wechat')
  @HttpCode(200)
  @ApiOperation({ summary: 'Citizen sign-in with a wx.login code' })
  wechat(@Body() dto: WechatLoginDto): Promise<CitizenToken> {
    return this.auth.loginWithWechat(dto.code);
  }

  @Public()
  @Post('auth/device')
  @HttpCode(200)
  @ApiOperation({ summary: 'Anonymous citizen sign-in from a browser outside WeChat' })
  device(@Body() dto: DeviceLoginDto, @Req() req: Request): Promise<CitizenToken> {
    return this.auth.loginWithDevice(dto.deviceId, req.ip);
  }

  @ForCitizens('only')
  @Post('auth/link-wechat')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Link the calling device account to a WeChat account' })
  linkWechat(@CurrentPrincipal() principal: CitizenPrincipal, @Body() dto: LinkWechatDto): Promise<CitizenToken> {
    return this.auth.linkWechat(principal, dto.code);
  }

  @Post('auth/password')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Change the signed-in staff member’s password (ends the other sessions; this one goes on)' })
  async changePassword(@CurrentPrincipal() principal: StaffPrincipal, @Body() dto: ChangePasswordDto, @Req() req: Request): Promise<void> {
    await this.auth.changePassword(principal, dto.currentPassword, dto.newPassword, req.ip);
  }

  @ForCitizens('also')
  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Who am I' })
  me(@CurrentPrincipal() principal: Principal): Promise<Me> {
    return this.auth.me(principal);
  }
}
