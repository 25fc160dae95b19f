import { useCallback, useEffect, useMemo, useState } from 'react';
import { Alert, Button, DatePicker, Input, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { api, ApiFailure, ROLE_NAMES, type StaffMember } from './api';

/** One row of GET /staff/audit (the fields shown: no account ids or addresses on screen). */
interface AuditEntry {
  seq: number;
  at: string;
  staffId: string | null;
  role: StaffMember['role'] | null;
  scope: string | null;
  action: string;
  outcome: 'ok' | 'forbidden' | 'limited' | 'refused';
  target: { type: string; id: string | null } | null;
  stationId: string | null;
  detail: Record<string, unknown> | null;
}

interface ChainState {
  ok: boolean;
  rows: number;
  firstBad: { seq: number; reason: string } | null;
}

const OUTCOME: Record<AuditEntry['outcome'], { label: string; color: string }> = {
  ok: { label: '成功', color: 'green' },
  forbidden: { label: '被拒绝', color: 'red' },
  limited: { label: '超出次数', color: 'orange' },
  refused: { label: '未办成', color: 'volcano' },
};

const PAGE = 100;

/**
 * 操作日志 (city admins): the audit trail filtered by person, station, action and dates, newest first, 100 at a
 * time; and the chain's verification state (GET /staff/audit/verify, the check of `npm run audit:verify`).
 */
export function Audit() {
  const [members, setMembers] = useState<StaffMember[]>([]);
  const [filter, setFilter] = useState<{ staffId?: string; stationId: string; action: string; range: [Dayjs, Dayjs] | null }>({
    stationId: '',
    action: '',
    range: null,
  });
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [nextBefore, setNextBefore] = useState<number | null>(null);
  const [chain, setChain] = useState<ChainState | null>(null);
  const [error, setError] = useState<string | null>(null);

  const query = useCallback(
    (before?: number) => {
      const q = new URLSearchParams({ limit: String(PAGE) });
      if (filter.staffId) q.set('staffId', filter.staffId);
      if (filter.stationId.trim()) q.set('stationId', filter.stationId.trim());
      if (filter.action.trim()) q.set('action', filter.action.trim());
      if (filter.range) {
        q.set('from', filter.range[0].format('YYYY-MM-DD'));
        q.set('to', filter.range[1].format('YYYY-MM-DD'));
      }
      if (before) q.set('before', String(before));
      return api<{ entries: AuditEntry[]; nextBefore: number | null }>(`/staff/audit?${q}`);
    },
    [filter],
  );

  const load = useCallback(() => {
    query()
      .then((r) => {
        setEntries(r.entries);
        setNextBefore(r.nextBefore);
        setError(null);
      })
      .catch((e: ApiFailure) => setError(e.message));
  }, [query]);
  useEffect(load, [load]);

  const verify = useCallback(() => {
    api<ChainState>('/staff/audit/verify')
      .then(setChain)
      .catch((e: ApiFailure) => setError(e.message));
  }, []);
  useEffect(verify, [verify]);

  useEffect(() => {
    api<{ members: StaffMember[] }>('/staff/members?limit=500')
      .then((r) => setMembers(r.members))
      .catch(() => setMembers([]));
  }, []);
  const nameOf = useMemo(() => new Map(members.map((m) => [m.id, m.displayName])), [members]);

  const more = () =>
    nextBefore &&
    query(nextBefore)
      .then((r) => {
        setEntries([...(entries ?? []), ...r.entries]);
        setNextBefore(r.nextBefore);
      })
      .catch((e: ApiFailure) => setError(e.message));

  const columns: TableColumnsType<AuditEntry> = [
    { title: '序号', dataIndex: 'seq', width: 90 },
    { title: '时间', dataIndex: 'at', width: 170, render: (t: string) => `${t.slice(0, 10)} ${t.slice(11, 19)}` },
    {
      title: '人员',
      key: 'who',
      width: 200,
      render: (_: unknown, e) => (e.staffId ? `${nameOf.get(e.staffId) ?? e.staffId}${e.role ? `（${ROLE_NAMES[e.role]}）` : ''}` : '—'),
    },
    { title: '操作', dataIndex: 'action', width: 200 },
    {
      title: '结果',
      dataIndex: 'outcome',
      width: 100,
      render: (o: AuditEntry['outcome']) => <Tag color={OUTCOME[o].color}>{OUTCOME[o].label}</Tag>,
    },
    { title: '驿站', dataIndex: 'stationId', width: 100, render: (s: string | null) => s ?? '' },
    { title: '对象', key: 'target', width: 200, render: (_: unknown, e) => (e.target ? `${e.target.type} ${e.target.id ?? ''}` : '') },
    {
      title: '详情',
      dataIndex: 'detail',
      render: (d: AuditEntry['detail']) =>
        d ? <Typography.Text ellipsis={{ tooltip: JSON.stringify(d) }}>{JSON.stringify(d)}</Typography.Text> : '',
    },
  ];

  return (
    <Space direction='vertical' size='middle' style={{ width: '100%' }}>
      <Space size='large' wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          操作日志
        </Typography.Title>
        {chain && (
          <Alert
            data-testid='chain-state'
            type={chain.ok ? 'success' : 'error'}
            showIcon
            title={
              chain.ok
                ? `审计链完整：共 ${chain.rows} 条，未发现改动或删除`
                : `审计链第 ${chain.firstBad?.seq} 条不符（${chain.firstBad?.reason}），之前 ${chain.rows} 条完整`
            }
          />
        )}
        <Button onClick={verify}>重新校验</Button>
      </Space>
      <Space wrap>
        <Select
          aria-label='按人员筛选'
          allowClear
          showSearch
          optionFilterProp='label'
          placeholder='全部人员'
          style={{ width: 220 }}
          value={filter.staffId}
          onChange={(v) => setFilter({ ...filter, staffId: v })}
          options={members.map((m) => ({ value: m.id, label: `${m.displayName}（${ROLE_NAMES[m.role]}）` }))}
        />
        <Input.Search
          aria-label='驿站编号'
          placeholder='驿站编号'
          allowClear
          style={{ width: 180 }}
          onSearch={(v) => setFilter({ ...filter, stationId: v })}
        />
        <Input.Search
          aria-label='操作'
          placeholder='操作，例如 station.update'
          allowClear
          style={{ width: 260 }}
          onSearch={(v) => setFilter({ ...filter, action: v })}
        />
        <DatePicker.RangePicker
          aria-label='日期'
          value={filter.range}
          onChange={(v) => setFilter({ ...filter, range: v && v[0] && v[1] ? [v[0], v[1]] : null })}
        />
      </Space>
      {error && <Alert type='error' title={error} showIcon />}
      <Table<AuditEntry>
        rowKey='seq'
        columns={columns}
        dataSource={entries ?? []}
        loading={entries === null && !error}
        pagination={false}
      />
      {nextBefore && <Button onClick={more}>加载更早的记录</Button>}
    </Space>
  );
}
