import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { Alert, Badge, Button, Drawer, Input, Select, Space, Spin, Table, Typography, type TableColumnsType } from 'antd';
import { api, ApiFailure, type StaffMember } from './api';
import { gradeLabel, hostKindLabel } from '@/rules/catalog';

// The editor (forms, its tables and modals) loads when a station is first opened.
const StationEditor = lazy(() => import('./StationEditor').then((m) => ({ default: m.StationEditor })));

/** One row of GET /staff/registry/stations. */
interface RegistryItem {
  id: string;
  name: string;
  address: string;
  district: string;
  districtCode: string;
  kind: string;
  grade: number;
  smart: boolean;
  is24h: boolean;
  openNow: boolean;
  openLabel: string;
  doors: number;
}

const PAGE = 20;

const columns = (open: (id: string) => void): TableColumnsType<RegistryItem> => [
  { title: '编号', dataIndex: 'id', width: 100 },
  {
    title: '驿站',
    dataIndex: 'name',
    render: (name: string, r) => (
      <Space direction='vertical' size={0}>
        <span>{name}</span>
        <Typography.Text type='secondary'>{r.address}</Typography.Text>
      </Space>
    ),
  },
  { title: '区县', dataIndex: 'district', width: 110 },
  { title: '类型', dataIndex: 'kind', width: 150, render: (k: string) => hostKindLabel(k) },
  { title: '星级', dataIndex: 'grade', width: 110, render: (g: number) => gradeLabel(g) },
  {
    title: '现在',
    dataIndex: 'openNow',
    width: 110,
    render: (o: boolean, r) => <Badge status={o ? 'success' : 'default'} text={r.openLabel} />,
  },
  { title: '门', dataIndex: 'doors', width: 60 },
  {
    title: '操作',
    key: 'act',
    width: 100,
    render: (_: unknown, r) => (
      <Button type='link' onClick={() => open(r.id)} aria-label={`编辑 ${r.name}`}>
        编辑
      </Button>
    ),
  },
];

/**
 * 驿站管理: the stations in the signed-in person's scope (district staff: their district), searched and paged by the
 * server (the registry reaches 186,100 stations), each opened in an editor drawer (StationEditor).
 */
export function Registry({ member }: { member: StaffMember }) {
  const [q, setQ] = useState('');
  const [district, setDistrict] = useState<string | undefined>(undefined);
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ total: number; stations: RegistryItem[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [districts, setDistricts] = useState<{ value: string; label: string }[]>([]);
  const [editing, setEditing] = useState<string | null>(null);

  const load = useCallback(() => {
    const params = new URLSearchParams({ offset: String((page - 1) * PAGE), limit: String(PAGE) });
    if (q) params.set('q', q);
    if (district) params.set('districtCode', district);
    api<{ total: number; stations: RegistryItem[] }>(`/staff/registry/stations?${params}`)
      .then((r) => {
        setData(r);
        setError(null);
      })
      .catch((e: ApiFailure) => setError(e.message));
  }, [q, district, page]);
  useEffect(load, [load]);

  // District names for the filter (city admins only: district staff see one district).
  useEffect(() => {
    if (member.role !== 'city') return;
    api<{ places: { kind: string; districtCode: number; name: string }[] }>('/places')
      .then((r) =>
        setDistricts(r.places.filter((p) => p.kind === 'district').map((p) => ({ value: String(p.districtCode), label: p.name }))),
      )
      .catch(() => setDistricts([]));
  }, [member.role]);

  return (
    <Space direction='vertical' size='middle' style={{ width: '100%' }}>
      <Space size='large' wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          驿站管理
        </Typography.Title>
        <Input.Search
          aria-label='搜索驿站'
          placeholder='名称、地址或编号'
          allowClear
          style={{ width: 320 }}
          onSearch={(v) => {
            setQ(v.trim());
            setPage(1);
          }}
        />
        {member.role === 'city' && (
          <Select
            aria-label='按区县筛选'
            allowClear
            placeholder='全部区县'
            style={{ width: 200 }}
            value={district}
            onChange={(v) => {
              setDistrict(v);
              setPage(1);
            }}
            options={districts}
          />
        )}
        {data && <Typography.Text data-testid='registry-total'>共 {data.total} 个驿站</Typography.Text>}
      </Space>
      {error && <Alert type='error' title={error} showIcon />}
      <Table<RegistryItem>
        rowKey='id'
        columns={columns(setEditing)}
        dataSource={data?.stations ?? []}
        loading={data === null && !error}
        pagination={{
          current: page,
          pageSize: PAGE,
          total: data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (t) => `共 ${t} 条`,
          onChange: setPage,
        }}
      />
      <Drawer
        title='编辑驿站'
        open={editing !== null}
        size={760}
        onClose={() => {
          setEditing(null);
          load();
        }}
        destroyOnHidden
      >
        {editing && (
          <Suspense fallback={<Spin />}>
            <StationEditor id={editing} canEdit={member.role !== 'keeper'} />
          </Suspense>
        )}
      </Drawer>
    </Space>
  );
}
