import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Select, Space, Typography } from 'antd';
import { LoginOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { isDivisionCode } from '@benefits/identity';
import { ApiError, consoleProblem, isProblem } from '../api/errors';
import { ErrorAlert } from '../components/error-alert';
import { useLang } from '../i18n';
import { startOidcSignIn } from './oidc';
import { ROLES, roleLabel } from './roles';
import { useSession } from './session';

/**
 * Embedded mode: a development sign-in that picks role and division; the console server issues the
 * token with the same development key as `npx benefits token`. Production: the configured OIDC
 * provider's sign-in page.
 */
export function SignInPage() {
  const { config, configError, loadConfig, signIn } = useSession();
  const { lang, t } = useLang();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ role: string; division: string; name: string }>();

  const devSignIn = async (values: { role: string; division: string; name: string }) => {
    setBusy(true);
    setError(null);
    try {
      const response = await fetch('/console/dev-sign-in', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ role: values.role, division: values.division, sub: values.name || undefined }),
      });
      const body = (await response.json().catch(() => null)) as { token?: string } | null;
      if (!response.ok || !body?.token) throw new ApiError(response.status, isProblem(body) ? body : consoleProblem(response.status, body));
      await signIn(body.token);
      navigate('/', { replace: true });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f5f5f5', padding: 16 }} aria-label={t('登录', 'Sign in')}>
      <Card style={{ width: 420, maxWidth: '100%' }} title={<Typography.Title level={3} style={{ margin: 0 }}>{t('社会救助工作台', 'Social assistance console')}</Typography.Title>}>
        {configError ? (
          <ErrorAlert error={configError} onRetry={loadConfig} />
        ) : config === null ? null : config.mode === 'oidc' && config.oidc ? (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Typography.Paragraph>{t('请使用单位统一身份认证登录。', 'Sign in with your organisation account.')}</Typography.Paragraph>
            {error ? <ErrorAlert error={error} /> : null}
            <Button type="primary" block icon={<LoginOutlined />} loading={busy} onClick={() => { setBusy(true); startOidcSignIn(config.oidc!).catch((e) => { setError(e); setBusy(false); }); }}>
              {t('统一身份认证登录', 'Sign in')}
            </Button>
          </Space>
        ) : (
          <Form form={form} layout="vertical" onFinish={devSignIn} initialValues={{ role: 'intake_officer', division: '', name: '' }} requiredMark>
            <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('开发登录：仅限本机嵌入式运行，令牌由本机开发密钥签发。', 'Development sign-in: embedded mode on this machine only; tokens are signed with the local development key.')} />
            <Form.Item label={t('角色', 'Role')} name="role" rules={[{ required: true }]}>
              <Select aria-label={t('角色', 'Role')} options={ROLES.map((r) => ({ value: r, label: `${roleLabel(r, lang)} (${r})` }))} />
            </Form.Item>
            <Form.Item
              label={t('行政区划代码', 'Division code')}
              name="division"
              rules={[
                { required: true, message: t('请输入 6 位行政区划代码', 'Enter a 6-digit division code') },
                { validator: async (_r, v: string) => { if (v && !isDivisionCode(v)) throw new Error(t('不是有效的 6 位行政区划代码', 'Not a valid 6-digit division code')); } },
              ]}
              extra={t('例如 330402（南湖区）、330400（嘉兴市）', 'e.g. 330402 (Nanhu), 330400 (Jiaxing)')}
            >
              <Input aria-label={t('行政区划代码', 'Division code')} inputMode="numeric" maxLength={6} />
            </Form.Item>
            <Form.Item label={t('工号（可选）', 'Staff id (optional)')} name="name">
              <Input aria-label={t('工号（可选）', 'Staff id (optional)')} maxLength={100} />
            </Form.Item>
            {error ? <div style={{ marginBottom: 16 }}><ErrorAlert error={error} /></div> : null}
            <Button type="primary" htmlType="submit" block icon={<LoginOutlined />} loading={busy}>
              {t('登录', 'Sign in')}
            </Button>
          </Form>
        )}
      </Card>
    </main>
  );
}
