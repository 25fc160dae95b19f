import { useCallback, useEffect, useMemo, useState } from 'react';
import { Alert, Badge, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { api, ApiFailure } from './api';
import { boardRows, districtsOf, type BoardRow, type StaffStation } from './board';

/** The board refreshes itself this often. */
const REFRESH_MS = 15_000;

const columns: TableColumnsType<BoardRow> = [
  {
    title: '驿站',
    dataIndex: 'name',
    sorter: (a, b) => a.name.localeCompare(b.name, 'zh-CN'),
    render: (name: string, r) => (
      <Space direction='vertical' size={0}>
        <span>{name}</span>
        {r.openButDoorOffline && <Tag color='red'>显示营业，但门禁离线</Tag>}
      </Space>
    ),
  },
  { title: '区县', dataIndex: 'district', sorter: (a, b) => a.districtCode.localeCompare(b.districtCode), width: 120 },
  {
    title: '现在',
    dataIndex: 'openNow',
    sorter: (a, b) => Number(b.openNow) - Number(a.openNow),
    width: 130,
    render: (open: boolean, r) => <Badge status={open ? 'success' : 'default'} text={r.openLabel} />,
  },
  {
    title: '门禁在线 / 离线',
    key: 'doors',
    sorter: (a, b) => a.doorsOffline - b.doorsOffline,
    width: 160,
    render: (_: unknown, r) => (
      <span>
        {r.doorsOnline} / <span style={{ color: r.doorsOffline > 0 ? '#b42318' : undefined }}>{r.doorsOffline}</span>
        {r.doors.length > r.doorsOnline + r.doorsOffline && (
          <Typography.Text type='secondary'>（{r.doors.length - r.doorsOnline - r.doorsOffline} 未联网）</Typography.Text>
        )}
      </span>
    ),
  },
  {
    title: '未处理报警',
    dataIndex: 'openAlarms',
    sorter: (a, b) => a.openAlarms - b.openAlarms,
    width: 130,
    render: (n: number) => (n > 0 ? <Tag color='volcano'>{n}</Tag> : 0),
  },
  { title: '今日进站', dataIndex: 'entriesToday', sorter: (a, b) => a.entriesToday - b.entriesToday, width: 120 },
];

/**
 * The live board: the stations in the signed-in person's scope, mismatches first (posted open but a door offline,
 * then open alarms), filtered by district, 20 a page, refreshed every 15 s.
 */
export function Board() {
  const [stations, setStations] = useState<StaffStation[] | null>(null);
  const [at, setAt] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [district, setDistrict] = useState<string | undefined>(undefined);

  const load = useCallback(() => {
    api<{ at: string; stations: StaffStation[] }>('/staff/stations?limit=1000')
      .then((r) => {
        setStations(r.stations);
        setAt(r.at);
        setError(null);
      })
      .catch((e: ApiFailure) => setError(e.message));
  }, []);
  useEffect(() => {
    load();
    const timer = setInterval(load, REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);

  const rows = useMemo(() => boardRows((stations ?? []).filter((s) => !district || s.districtCode === district)), [stations, district]);
  const districts = useMemo(() => districtsOf(stations ?? []), [stations]);
  const flagged = rows.filter((r) => r.openButDoorOffline).length;

  return (
    <Space direction='vertical' size='middle' style={{ width: '100%' }}>
      <Space size='large' wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          实时看板
        </Typography.Title>
        <Select
          aria-label='按区县筛选'
          allowClear
          placeholder='全部区县'
          style={{ width: 200 }}
          value={district}
          onChange={setDistrict}
          options={districts.map((d) => ({ value: d.code, label: d.name }))}
        />
        <Typography.Text>共 {rows.length} 个驿站</Typography.Text>
        {flagged > 0 && <Tag color='red'>{flagged} 个显示营业但门禁离线</Tag>}
        {at && <Typography.Text type='secondary'>更新于 {at.slice(11, 19)}，每 15 秒自动刷新</Typography.Text>}
      </Space>
      {error && <Alert type='error' title={error} showIcon />}
      <Table<BoardRow>
        rowKey='id'
        columns={columns}
        dataSource={rows}
        loading={stations === null && !error}
        pagination={{ pageSize: 20, showSizeChanger: false, showTotal: (t) => `共 ${t} 条` }}
        rowClassName={(r) => (r.attention === 0 ? 'row-mismatch' : '')}
      />
    </Space>
  );
}
