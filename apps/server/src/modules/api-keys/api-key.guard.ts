import { applyDecorators, createParamDecorator, Injectable, SetMetadata, UseGuards, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { API_KEY_HEADER, type ApiKeyScope, type StaffRole } from '@hcp/contracts';
import type { Principal, StaffPrincipal } from '../../common/authz/principal.js';
import { Public } from '../identity/auth.decorators.js';
import { IdentityErrors } from '../identity/identity.errors.js';
import { TokensService } from '../identity/tokens.service.js';
import { ApiKeyService, type VerifiedApiKey } from './api-key.service.js';
import { ApiKeyErrors } from './api-keys.errors.js';

const ACCESS_KEY = 'hcp:staff-or-api-key';

interface Access {
  roles: StaffRole[];
  scope: ApiKeyScope;
}

/** Who called a route marked @StaffOrApiKey: a staff member with one of its roles, or a key with its scope. */
export type Caller = { kind: 'staff'; principal: StaffPrincipal } | { kind: 'api_key'; key: VerifiedApiKey };

type CallerRequest = Request & { principal?: Principal; caller?: Caller };

/**
 * Opens a route to staff holding one of `roles` (Bearer token, as everywhere) and to other systems holding an API key
 * with `scope` in the `X-Api-Key` header. A request with a key is judged by the key alone.
 */
export const StaffOrApiKey = (access: Access) =>
  applyDecorators(
    // The global guard lets the request through (learning the staff member if the token is good); this guard decides.
    Public(),
    SetMetadata(ACCESS_KEY, access),
    UseGuards(StaffOrApiKeyGuard),
    ApiHeader({ name: API_KEY_HEADER, required: false, description: `An API key with scope ${access.scope} (instead of a Bearer token)` }),
  );

@Injectable()
export class StaffOrApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeyService,
    private readonly tokens: TokensService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const access = this.reflector.getAllAndOverride<Access | undefined>(ACCESS_KEY, [context.getHandler(), context.getClass()]);
    if (!access) throw new Error('StaffOrApiKeyGuard used without @StaffOrApiKey');
    const req = context.switchToHttp().getRequest<CallerRequest>();

    const rawKey = req.header(API_KEY_HEADER);
    if (rawKey !== undefined) {
      const key = await this.keys.authenticate(rawKey);
      if (!key) throw ApiKeyErrors.invalid();
      if (!key.scopes.includes(access.scope)) throw ApiKeyErrors.scopeMissing();
      req.caller = { kind: 'api_key', key };
      return true;
    }

    const header = req.header('authorization');
    const bearer = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    if (!bearer) throw IdentityErrors.unauthenticated();
    // The global guard swallowed a bad token on this public route; asking again gives the precise refusal
    // (expired, deactivated account).
    const principal = req.principal ?? (await this.tokens.verifyAccessToken(bearer));
    if (principal.kind !== 'staff' || !access.roles.some((r) => principal.roles.includes(r))) throw IdentityErrors.forbidden();
    req.caller = { kind: 'staff', principal };
    return true;
  }
}

/** The caller of a route marked @StaffOrApiKey. */
export const CurrentCaller = createParamDecorator((_data: unknown, ctx: ExecutionContext): Caller => {
  const req = ctx.switchToHttp().getRequest<CallerRequest>();
  if (!req.caller) throw new Error('CurrentCaller used on a route without @StaffOrApiKey');
  return req.caller;
});
