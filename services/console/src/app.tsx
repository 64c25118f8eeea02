import { useMemo, useState } from 'react';
import { App as AntApp, Button, ConfigProvider, Layout, Menu, Result, Segmented, Space, Spin, Tag, Typography } from 'antd';
import { LogoutOutlined } from '@ant-design/icons';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Link, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { ApiError } from './api/errors';
import { AREAS } from './areas';
import { OidcCallbackPage } from './auth/callback-page';
import { CALLBACK_PATH } from './auth/oidc';
import { roleLabel } from './auth/roles';
import { SessionProvider, useSession } from './auth/session';
import { SignInPage } from './auth/sign-in-page';
import { ErrorBoundary } from './components/error-boundary';
import { LangProvider, useLang } from './i18n';

const queryClient = new QueryClient({
  defaultOptions: {
    // A refused or missing answer is not retried behind the officer's back; a network failure is, once.
    queries: { retry: (count, error) => count < 1 && !(error instanceof ApiError && error.status >= 400 && error.status < 500), refetchOnWindowFocus: false, staleTime: 5_000 },
  },
});

function Shell() {
  const { actor, signOut, config, restoring } = useSession();
  const { lang, setLang, t } = useLang();
  const location = useLocation();
  const navigate = useNavigate();
  const [collapsed, setCollapsed] = useState(false);

  const menu = useMemo(
    () =>
      AREAS.map((area) => ({
        area,
        items: area.menu.filter((item) => actor && item.roles.includes(actor.role)),
      })).filter((group) => group.items.length > 0),
    [actor],
  );
  if (!actor && restoring) return <Spin fullscreen aria-busy="true" />;
  if (!actor) return <Navigate to="/sign-in" replace state={{ from: location.pathname }} />;
  const home = menu[0]?.items[0]?.path;
  const selected = menu.flatMap((g) => g.items).filter((i) => location.pathname === i.path || location.pathname.startsWith(`${i.path}/`)).sort((a, b) => b.path.length - a.path.length)[0]?.path;

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        width={208}
        breakpoint="lg"
        theme="light"
        aria-label={t('导航', 'Navigation')}
        // Room below the last menu entry, so the collapse button never covers it on a 768-pixel screen.
        style={{ paddingBottom: 48 }}
      >
        <div style={{ padding: '16px 12px', fontWeight: 600, whiteSpace: 'nowrap', overflow: 'hidden' }}>{collapsed ? '救助' : t('社会救助工作台', 'Assistance console')}</div>
        <Menu
          mode="inline"
          selectedKeys={selected ? [selected] : []}
          defaultOpenKeys={menu.map((g) => g.area.key)}
          onClick={({ key }) => navigate(key)}
          items={menu.map((g) => ({
            key: g.area.key,
            label: g.area.label[lang],
            type: 'group' as const,
            children: g.items.map((i) => ({ key: i.path, icon: i.icon, label: i.label[lang] })),
          }))}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', padding: '0 16px', display: 'flex', justifyContent: 'flex-end', alignItems: 'center', gap: 12, borderBottom: '1px solid #f0f0f0' }}>
          {config?.sampleData ? <Tag color="orange">{t('示例数据', 'Sample data')}</Tag> : null}
          <Space size={8} aria-label={t('当前用户', 'Signed in as')}>
            <Tag color="blue">{roleLabel(actor.role, lang)}</Tag>
            <Typography.Text>{actor.divisionCode}</Typography.Text>
            <Typography.Text type="secondary">{actor.id}</Typography.Text>
          </Space>
          <Segmented
            aria-label={t('界面语言', 'Language')}
            value={lang}
            onChange={(v) => setLang(v as 'zh' | 'en')}
            options={[
              { value: 'zh', label: '中文' },
              { value: 'en', label: 'English' },
            ]}
          />
          <Button icon={<LogoutOutlined />} onClick={() => { signOut(); queryClient.clear(); navigate('/sign-in'); }}>
            {t('退出', 'Sign out')}
          </Button>
        </Layout.Header>
        <Layout.Content style={{ padding: 16, minWidth: 0 }}>
          <ErrorBoundary resetKey={location.pathname}>
            <Routes>
              {AREAS.flatMap((area) => area.routes).map((r) => (
                <Route key={r.path} path={r.path} element={r.element} />
              ))}
              <Route path="/" element={home ? <Navigate to={home} replace /> : <Result title={t('欢迎', 'Welcome')} subTitle={t('您的角色暂无可用页面。', 'No pages are available to your role yet.')} />} />
              <Route path="*" element={<Result status="404" title="404" subTitle={t('页面不存在', 'No such page')} extra={<Link to="/">{t('返回首页', 'Home')}</Link>} />} />
            </Routes>
          </ErrorBoundary>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

function Localized() {
  const { lang } = useLang();
  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={{ token: { fontFamily: '"Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif' } }}>
      <AntApp>
        <SessionProvider>
          <BrowserRouter>
            <Routes>
              <Route path="/sign-in" element={<SignInPage />} />
              <Route path={CALLBACK_PATH} element={<OidcCallbackPage />} />
              <Route path="*" element={<Shell />} />
            </Routes>
          </BrowserRouter>
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <LangProvider>
        <Localized />
      </LangProvider>
    </QueryClientProvider>
  );
}
