import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api, configureApiClient } from '../api/client';
import { ApiError, consoleProblem } from '../api/errors';
import type { Role } from './roles';

/**
 * The signed-in person: the bearer token (kept in sessionStorage, so it ends with the browser
 * session and never appears in a URL) and the actor the services verified it as (`GET /whoami`).
 * What the console offers is decided from the actor's role; the services decide again.
 */
export interface Actor {
  id: string;
  role: Role;
  divisionCode: string;
}

export interface ConsoleConfig {
  /** embedded: development sign-in by role and division; oidc: the configured provider. */
  mode: 'embedded' | 'oidc';
  oidc?: { issuer: string; clientId: string; scope: string };
  /** Sample data notice for a demo deployment. */
  sampleData?: boolean;
}

interface SessionValue {
  config: ConsoleConfig | null;
  /** Set when the console's configuration could not be read; `loadConfig` tries again. */
  configError: unknown;
  loadConfig(): void;
  actor: Actor | null;
  token: string | null;
  /** True while a token kept from earlier in this session is being checked (show nothing yet). */
  restoring: boolean;
  /** Verifies the token with the services and keeps it for this browser session. */
  signIn(token: string): Promise<Actor>;
  signOut(): void;
  /** True when the actor has one of the roles. */
  can(...roles: Role[]): boolean;
}

const TOKEN_KEY = 'benefits.console.token';
const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [config, setConfig] = useState<ConsoleConfig | null>(null);
  const [token, setToken] = useState<string | null>(() => sessionStorage.getItem(TOKEN_KEY));
  const [actor, setActor] = useState<Actor | null>(null);
  const [checked, setChecked] = useState(false);
  const [restoring, setRestoring] = useState<boolean>(() => sessionStorage.getItem(TOKEN_KEY) !== null);

  const queryClient = useQueryClient();
  // Whatever was loaded for one person is dropped when the session ends or changes hands (a 401, 退出,
  // or a sign-in as someone else): the next person never sees the previous one's cases.
  const signOut = useCallback(() => {
    sessionStorage.removeItem(TOKEN_KEY);
    queryClient.clear();
    setToken(null);
    setActor(null);
  }, [queryClient]);

  useEffect(() => {
    configureApiClient({ token: () => sessionStorage.getItem(TOKEN_KEY), onUnauthenticated: signOut });
  }, [signOut]);

  // How to sign in (development or the organisation's provider). If it cannot be read, the sign-in
  // page says so with a retry — it never guesses the development sign-in.
  const [configError, setConfigError] = useState<unknown>(null);
  const loadConfig = useCallback(() => {
    setConfigError(null);
    fetch('/console/config')
      .then(async (r) => {
        if (!r.ok) throw new ApiError(r.status, consoleProblem(r.status, await r.text()));
        return (await r.json()) as ConsoleConfig;
      })
      .then(setConfig)
      .catch((error: unknown) => setConfigError(error instanceof ApiError ? error : new ApiError(0, consoleProblem(0, null))));
  }, []);
  useEffect(loadConfig, [loadConfig]);

  const signIn = useCallback(async (next: string) => {
    sessionStorage.setItem(TOKEN_KEY, next);
    try {
      const { data } = await api<{ actor: Actor }>('applications', '/whoami');
      setToken(next);
      setActor((previous) => {
        if (previous && previous.id !== data.actor.id) queryClient.clear();
        return data.actor;
      });
      return data.actor;
    } catch (error) {
      sessionStorage.removeItem(TOKEN_KEY);
      throw error;
    }
  }, [queryClient]);

  // A token kept from earlier in this browser session is checked once on load.
  useEffect(() => {
    if (checked) return;
    setChecked(true);
    if (token) signIn(token).catch(() => signOut()).finally(() => setRestoring(false));
  }, [checked, token, signIn, signOut]);

  const value = useMemo<SessionValue>(
    () => ({ config, configError, loadConfig, actor, token, restoring, signIn, signOut, can: (...roles) => !!actor && roles.includes(actor.role) }),
    [config, configError, loadConfig, actor, token, restoring, signIn, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in actor (pages behind the sign-in gate only). */
export function useActor(): Actor {
  const { actor } = useSession();
  if (!actor) throw new Error('useActor without a signed-in actor');
  return actor;
}
