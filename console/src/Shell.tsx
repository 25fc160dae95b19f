import { lazy, Suspense, useEffect, useState } from 'react';
import { Button, Layout, Menu, Space, Spin, Tag, Typography } from 'antd';
import { ROLE_NAMES, scopeName, type StaffMember } from './api';
import { Board } from './Board';
import { Alarms } from './Alarms';

// The registry, staff, audit and statistics pages load when first opened (the console's initial JS budget: npm run
// size); 统计分析 carries its ECharts parts.
const Registry = lazy(() => import('./Registry').then((m) => ({ default: m.Registry })));
const Staff = lazy(() => import('./Staff').then((m) => ({ default: m.Staff })));
const Audit = lazy(() => import('./Audit').then((m) => ({ default: m.Audit })));
const Stats = lazy(() => import('./Stats').then((m) => ({ default: m.Stats })));

type Page = 'board' | 'alarms' | 'stats' | 'registry' | 'staff' | 'audit';
const PAGES: Page[] = ['board', 'alarms', 'stats', 'registry', 'staff', 'audit'];
const pageOfHash = (): Page => PAGES.find((p) => location.hash === `#/${p}`) ?? 'board';

/**
 * The signed-in layout: who (name, role, scope), 退出登录, and the pages (实时看板, 求助报警, 统计分析, 驿站管理, 人员管理,
 * 操作日志 for city admins).
 */
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
            { key: 'registry', label: '驿站管理' },
            { key: 'staff', label: '人员管理' },
            ...(member.role === 'city' ? [{ key: 'audit', label: '操作日志' }] : []),
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
        <Suspense fallback={<Spin size='large' />}>
          {page === 'board' ? (
            <Board />
          ) : page === 'alarms' ? (
            <Alarms />
          ) : page === 'stats' ? (
            <Stats member={member} />
          ) : page === 'registry' ? (
            <Registry member={member} />
          ) : page === 'staff' ? (
            <Staff member={member} />
          ) : (
            <Audit />
          )}
        </Suspense>
      </Layout.Content>
    </Layout>
  );
}
