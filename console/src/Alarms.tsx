import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, DatePicker, Input, Modal, Select, Space, Table, Tag, Typography, message, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { api, ApiFailure } from './api';
import { responseTimes } from './alarmTimes';

interface StaffAlert {
  id: string;
  at: string;
  station: { id?: string; name?: string; phone?: string };
  door: { id: string; name: string } | null;
  state: 'open' | 'acknowledged' | 'resolved' | 'withdrawn';
  escalationLevel: number;
  acknowledged: { at: string; name: string | null } | null;
  resolved: { at: string; note: string | null } | null;
  withdrawn: { at: string; by: 'worker' } | null;
}

const STATE: Record<StaffAlert['state'], { label: string; color: string }> = {
  open: { label: '待处理', color: 'red' },
  acknowledged: { label: '已确认', color: 'orange' },
  resolved: { label: '已处理', color: 'green' },
  withdrawn: { label: '工友已取消求助', color: 'default' },
};
const LEVEL = ['驿站管理员', '区县工会', '市总工会'];
const time = (iso: string) => `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;

/** The alarms in scope over a date range (default today), by state; acknowledge, and resolve with a note. */
export function Alarms() {
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs(), dayjs()]);
  const [state, setState] = useState<StaffAlert['state'] | undefined>(undefined);
  const [alerts, setAlerts] = useState<StaffAlert[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [resolving, setResolving] = useState<StaffAlert | null>(null);
  const [note, setNote] = useState('');
  const [toast, toastHolder] = message.useMessage();

  const load = useCallback(() => {
    const q = new URLSearchParams({ from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD'), limit: '500' });
    if (state) q.set('state', state);
    api<{ alerts: StaffAlert[] }>(`/staff/alerts?${q}`)
      .then((r) => {
        setAlerts(r.alerts);
        setError(null);
      })
      .catch((e: ApiFailure) => setError(e.message));
  }, [range, state]);
  useEffect(load, [load]);

  const act = async (a: StaffAlert, what: 'acknowledge' | 'resolve', body?: { note: string }) => {
    try {
      await api(`/staff/alerts/${a.id}/${what}`, { method: 'POST', body });
      toast.success(what === 'acknowledge' ? '已确认，求助的职工会看到' : '已标记为处理完毕');
      setResolving(null);
      load();
    } catch (e) {
      toast.error((e as ApiFailure).message);
    }
  };

  const columns: TableColumnsType<StaffAlert> = [
    { title: '时间', dataIndex: 'at', width: 130, render: time },
    { title: '驿站', key: 'station', render: (_: unknown, a) => `${a.station.name ?? ''}${a.door ? `（${a.door.name}）` : ''}` },
    {
      title: '状态',
      dataIndex: 'state',
      width: 140,
      render: (s: StaffAlert['state']) => <Tag color={STATE[s].color}>{STATE[s].label}</Tag>,
    },
    { title: '已通知到', dataIndex: 'escalationLevel', width: 120, render: (l: number) => LEVEL[l] ?? '' },
    {
      title: '处理情况',
      key: 'who',
      render: (_: unknown, a) =>
        a.withdrawn
          ? `${time(a.withdrawn.at)} 工友已取消求助${a.acknowledged ? `（之前 ${a.acknowledged.name ?? ''} 已确认）` : ''}`
          : a.resolved
            ? `${time(a.resolved.at)} 处理：${a.resolved.note ?? ''}`
            : a.acknowledged
              ? `${a.acknowledged.name ?? ''} ${time(a.acknowledged.at)} 确认`
              : '—',
    },
    { title: '响应用时', key: 'times', width: 220, render: (_: unknown, a) => responseTimes(a) },
    {
      title: '操作',
      key: 'act',
      width: 200,
      render: (_: unknown, a) =>
        a.state === 'resolved' || a.state === 'withdrawn' ? null : (
          <Space>
            {a.state === 'open' && <Button onClick={() => act(a, 'acknowledge')}>确认收到</Button>}
            <Button
              type='primary'
              onClick={() => {
                setNote('');
                setResolving(a);
              }}
            >
              处理完毕
            </Button>
          </Space>
        ),
    },
  ];

  return (
    <Space direction='vertical' size='middle' style={{ width: '100%' }}>
      {toastHolder}
      <Space size='large' wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          求助报警
        </Typography.Title>
        <DatePicker.RangePicker value={range} allowClear={false} onChange={(v) => v && v[0] && v[1] && setRange([v[0], v[1]])} />
        <Select
          aria-label='按状态筛选'
          allowClear
          placeholder='全部状态'
          style={{ width: 160 }}
          value={state}
          onChange={setState}
          options={(Object.keys(STATE) as StaffAlert['state'][]).map((k) => ({ value: k, label: STATE[k].label }))}
        />
        <Button onClick={load}>刷新</Button>
      </Space>
      {error && <Alert type='error' title={error} showIcon />}
      <Table<StaffAlert>
        rowKey='id'
        columns={columns}
        dataSource={alerts ?? []}
        loading={alerts === null && !error}
        pagination={{ pageSize: 20 }}
      />
      <Modal
        title='处理完毕'
        open={resolving !== null}
        okText='提交'
        cancelText='取消'
        okButtonProps={{ disabled: note.trim() === '' }}
        onOk={() => resolving && act(resolving, 'resolve', { note: note.trim() })}
        onCancel={() => setResolving(null)}
      >
        <Typography.Paragraph>{resolving ? `${resolving.station.name ?? ''} ${time(resolving.at)} 的求助` : ''}</Typography.Paragraph>
        <Input.TextArea
          aria-label='处理说明'
          rows={4}
          maxLength={500}
          showCount
          placeholder='请写明做了什么，例如：已电话联系职工，身体无碍。'
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
      </Modal>
    </Space>
  );
}
