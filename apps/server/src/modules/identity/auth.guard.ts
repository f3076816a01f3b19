import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { StaffRole } from '@hcp/contracts';
import { CITIZEN_KEY, PUBLIC_KEY, ROLES_KEY } from './auth.decorators.js';
import { IdentityErrors } from './identity.errors.js';
import type { Principal } from '../../common/authz/principal.js';
import { TokensService } from './tokens.service.js';

/**
 * Global guard: every route needs a signed-in staff member unless marked @Public() or @ForCitizens(). Object-level
 * scope (own unit, region subtree) is enforced by the services, which know the objects.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokensService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const req = context.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets) ?? false;
    const header = req.header('authorization');
    const bearer = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;

    if (isPublic) {
      // A public route still learns who calls when a valid token comes along (e.g. scan by a signed-in citizen).
      if (bearer) req.principal = await this.tokens.verifyAccessToken(bearer).catch(() => undefined);
      return true;
    }
    if (!bearer) throw IdentityErrors.unauthenticated();
    const principal = await this.tokens.verifyAccessToken(bearer);
    req.principal = principal;

    const citizenMode = this.reflector.getAllAndOverride<'only' | 'also' | undefined>(CITIZEN_KEY, targets);
    if (principal.kind === 'citizen') {
      if (!citizenMode) throw IdentityErrors.forbidden();
      return true;
    }
    if (citizenMode === 'only') throw IdentityErrors.forbidden();
    const roles = this.reflector.getAllAndOverride<StaffRole[] | undefined>(ROLES_KEY, targets);
    if (roles?.length && !roles.some((r) => principal.roles.includes(r))) throw IdentityErrors.forbidden();
    return true;
  }
}
