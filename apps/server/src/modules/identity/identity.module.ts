import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.js';
import { UnitEntity } from '../catalog/entities/unit.entity.js';
import { WechatModule } from '../wechat/wechat.module.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { StaffController } from './staff.controller.js';
import { StaffService } from './staff.service.js';
import { CitizenEntity } from './entities/citizen.entity.js';
import { LoginThrottleEntity } from './entities/login-throttle.entity.js';
import { RefreshTokenEntity } from './entities/refresh-token.entity.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { StaffEntity } from './entities/staff.entity.js';
import { TokensService } from './tokens.service.js';

@Module({
  imports: [
    TypeOrmModule.forFeature([StaffEntity, CitizenEntity, RefreshTokenEntity, LoginThrottleEntity, UnitEntity]),
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      // A KeyObject, not the string: given a string, the JWT library tries to parse it as a public key at every verify
      // (about 0.7 ms of CPU per authenticated request); a secret KeyObject is used as it is.
      useFactory: (config: AppConfig) => ({ secret: createSecretKey(Buffer.from(config.auth.jwtSecret, 'utf8')), signOptions: { algorithm: 'HS256', issuer: 'hcp' }, verifyOptions: { algorithms: ['HS256'], issuer: 'hcp' } }),
    }),
    WechatModule,
  ],
  controllers: [AuthController, StaffController],
  providers: [AuthService, TokensService, LoginThrottleService, StaffService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthService, TokensService, StaffService],
})
export class IdentityModule {}
