import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { StaffRole } from '@hcp/contracts';
import type { Principal } from '../../common/authz/principal.js';

export const PUBLIC_KEY = 'hcp:public';
export const ROLES_KEY = 'hcp:roles';
export const CITIZEN_KEY = 'hcp:citizen';

/** No sign-in needed (health, scan, login). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** Staff with at least one of these roles. Without it, any signed-in staff member passes. */
export const Roles = (...roles: StaffRole[]) => SetMetadata(ROLES_KEY, roles);

/** Citizens may call this route ('only': citizens alone; 'also': citizens and staff). */
export const ForCitizens = (mode: 'only' | 'also' = 'only') => SetMetadata(CITIZEN_KEY, mode);

/** The signed-in caller, set by the auth guard. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, ctx: ExecutionContext): Principal => {
  const req = ctx.switchToHttp().getRequest<{ principal?: Principal }>();
  if (!req.principal) throw new Error('CurrentPrincipal used on a public route');
  return req.principal;
});
