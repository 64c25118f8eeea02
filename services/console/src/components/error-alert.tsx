import { Alert, Button, Space, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { problemOf } from '../api/errors';
import { useLang } from '../i18n';

/**
 * An error as officers should see it: the service's message in the chosen language, its stable code
 * (what to quote to support), and — where the action can be repeated — a retry button.
 */
export function ErrorAlert({ error, onRetry, title }: { error: unknown; onRetry?: () => void; title?: string }) {
  const { lang, t } = useLang();
  const problem = problemOf(error);
  const issues = Array.isArray(problem.details?.issues) ? (problem.details.issues as { path?: string; message?: string }[]) : [];
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      data-error-code={problem.code}
      title={title ?? problem.message[lang]}
      description={
        <Space orientation="vertical" size={4}>
          {title ? <span>{problem.message[lang]}</span> : null}
          {issues.length > 0 ? (
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {issues.slice(0, 10).map((issue, i) => (
                <li key={i}>
                  <Typography.Text code>{issue.path}</Typography.Text> {issue.message}
                </li>
              ))}
            </ul>
          ) : null}
          <Typography.Text type="secondary">
            {t('错误代码', 'Error code')}: {problem.code}
          </Typography.Text>
        </Space>
      }
      action={
        onRetry ? (
          <Button icon={<ReloadOutlined />} onClick={onRetry}>
            {t('重试', 'Retry')}
          </Button>
        ) : undefined
      }
    />
  );
}
