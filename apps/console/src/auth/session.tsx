import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Me, StaffLoginRequest, StaffProfile, TokenPair } from '@hcp/contracts';
import { api, currentRefreshToken, hasSession, onSessionChange, setTokens } from '../api/client';

interface Session {
  /** The signed-in staff member; null while signed out; undefined while still asking the server. */
  profile: StaffProfile | null | undefined;
  signIn(request: StaffLoginRequest): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [signedIn, setSignedIn] = useState(hasSession());

  useEffect(
    () =>
      onSessionChange((now) => {
        setSignedIn(now);
        if (!now) queryClient.clear();
      }),
    [queryClient],
  );

  const me = useQuery({
    queryKey: ['me'],
    queryFn: () => api<Me>('/me'),
    enabled: signedIn,
    staleTime: 5 * 60_000,
  });

  let profile: StaffProfile | null | undefined;
  if (!signedIn) profile = null;
  else if (me.data) profile = me.data.kind === 'staff' ? me.data.staff : null;
  else profile = me.isError ? null : undefined;

  const session: Session = {
    profile,
    async signIn(request) {
      const pair = await api<TokenPair>('/auth/login', { method: 'POST', body: request });
      queryClient.clear();
      setTokens(pair);
    },
    async signOut() {
      const refreshToken = currentRefreshToken();
      if (refreshToken) await api('/auth/logout', { method: 'POST', body: { refreshToken } }).catch(() => undefined);
      setTokens(null);
    },
  };
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The signed-in profile, for pages shown only inside the signed-in layout. */
export function useProfile(): StaffProfile {
  const { profile } = useSession();
  if (!profile) throw new Error('useProfile outside the signed-in layout');
  return profile;
}
