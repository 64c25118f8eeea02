import { useEffect, useRef, useState } from 'react';
import { Result, Spin } from 'antd';
import { useNavigate } from 'react-router';
import { ErrorAlert } from '../components/error-alert';
import { useT } from '../i18n';
import { completeOidcSignIn } from './oidc';
import { useSession } from './session';

/** Where the provider sends the browser back: the code is exchanged and the URL cleaned at once. */
export function OidcCallbackPage() {
  const { config, signIn } = useSession();
  const navigate = useNavigate();
  const t = useT();
  const [error, setError] = useState<unknown>(null);
  const started = useRef(false);
  useEffect(() => {
    if (!config) return;
    // Embedded mode has no provider: nothing to complete here.
    if (!config.oidc) return void navigate('/sign-in', { replace: true });
    // Once: the flow's verifier is single-use, and a second run would find the URL already cleaned.
    if (started.current) return;
    started.current = true;
    const search = window.location.search;
    window.history.replaceState(null, '', window.location.pathname);
    completeOidcSignIn(config.oidc, search)
      .then((token) => signIn(token))
      .then(() => navigate('/', { replace: true }))
      .catch(setError);
  }, [config, signIn, navigate]);
  if (error) return <Result status="error" title={t('登录失败', 'Sign-in failed')} extra={<ErrorAlert error={error} onRetry={() => navigate('/sign-in')} />} />;
  return <Spin fullscreen tip={t('正在登录…', 'Signing in…')} />;
}
