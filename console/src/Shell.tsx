import { lazy, Suspense, useEffect, useState } from 'react';
import { Button, Layout, Menu, Space, Spin, Tag, Typography } from 'antd';
import { ROLE_NAMES, scopeName, type StaffMember } from './api';
import { Board } from './Board';
import { Alarms } from './Alarms';

// 统计分析 loads when opened: its charts (ECharts) stay out of the console's first load.
const Stats = lazy(() => import('./Stats').then((m) => ({ default: m.Stats })));

type Page = 'board' | 'alarms' | 'stats';
const PAGES: Page[] = ['board', 'alarms', 'stats'];
const pageOfHash = (): Page => PAGES.find((p) => location.hash === `#/${p}`) ?? 'board';

/** The signed-in layout: who (name, role, scope), 退出登录, and the pages (实时看板, 求助报警, 统计分析). */
export function Shell({ member, onSignOut }: { member: StaffMember; onSignOut: () => void }) {
  const [page, setPage] = useState<Page>(pageOfHash);
  useEffect(() => {
    const f = () => setPage(pageOfHash());
    window.addEventListener('hashchange', f);
    return () => window.removeEventListener('hashchange', f);
  }, []);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 24, background: '#0b3d6e' }}>
        <Typography.Title level={4} style={{ color: '#fff', margin: 0, whiteSpace: 'nowrap' }}>
          驿站通 · 工会值守台
        </Typography.Title>
        <Menu
          theme='dark'
          mode='horizontal'
          selectedKeys={[page]}
          style={{ flex: 1, background: 'transparent', fontSize: 16 }}
          onClick={(e) => (location.hash = `#/${e.key}`)}
          items={[
            { key: 'board', label: '实时看板' },
            { key: 'alarms', label: '求助报警' },
            { key: 'stats', label: '统计分析' },
          ]}
        />
        <Space size='middle' data-testid='who'>
          <Typography.Text style={{ color: '#fff' }}>{member.displayName}</Typography.Text>
          <Tag color='blue'>{ROLE_NAMES[member.role]}</Tag>
          <Typography.Text style={{ color: '#fff' }}>{scopeName(member)}</Typography.Text>
          <Button onClick={onSignOut}>退出登录</Button>
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: 24 }}>
        {page === 'board' && <Board />}
        {page === 'alarms' && <Alarms />}
        {page === 'stats' && (
          <Suspense fallback={<Spin size='large' />}>
            <Stats member={member} />
          </Suspense>
        )}
      </Layout.Content>
    </Layout>
  );
}
