import type { ReactNode } from 'react';
import { Flex, Typography } from 'antd';

/** A page: its title (the document title too), optional actions on the right, then the content. */
export function Page({ title, extra, children }: { title: string; extra?: ReactNode; children: ReactNode }) {
  if (typeof document !== 'undefined') document.title = `${title} · 社会救助工作台`;
  return (
    <main aria-label={title}>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 16 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        {extra}
      </Flex>
      {children}
    </main>
  );
}
