import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography, message, type TableColumnsType } from 'antd';
import { api, ApiFailure, ROLE_NAMES, scopeName, type StaffMember } from './api';

/** A member as GET /staff/members lists it (suspended ones too). */
interface Member extends StaffMember {
  createdAt?: string;
  suspendedAt?: string | null;
}

type Role = StaffMember['role'];

/** Who each role may invite (the server checks it again: features/staff INVITERS). */
const INVITABLE: Record<Role, Role[]> = { city: ['district', 'keeper', 'clinic'], district: ['keeper', 'clinic'], keeper: [], clinic: [] };
const SCOPE_FIELD: Record<Role, { field: string; label: string } | null> = {
  city: null,
  district: { field: 'districtCode', label: '区县代码（6位，例如 140106）' },
  keeper: { field: 'stationId', label: '驿站编号（例如 ty0195）' },
  clinic: { field: 'healthStationId', label: '健康驿站编号（例如 hs01）' },
};

/**
 * 人员管理: the staff in the signed-in person's scope (no phones, no identity numbers: staff are shown by the name
 * they chose), invitations by role and scope (the code is shown once), and suspension with a confirmation.
 */
export function Staff({ member }: { member: StaffMember }) {
  const [members, setMembers] = useState<Member[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const roles = INVITABLE[member.role];
  const [role, setRole] = useState<Role>(roles[0] ?? 'keeper');
  const [scope, setScope] = useState('');
  const [name, setName] = useState('');
  const [code, setCode] = useState<{ code: string; expiresAt: string } | null>(null);
  const [toast, holder] = message.useMessage();

  const load = useCallback(() => {
    api<{ members: Member[] }>('/staff/members')
      .then((r) => {
        setMembers(r.members);
        setError(null);
      })
      .catch((e: ApiFailure) => setError(e.message));
  }, []);
  useEffect(load, [load]);

  const invite = async () => {
    const field = SCOPE_FIELD[role];
    try {
      const r = await api<{ code: string; expiresAt: string }>('/staff/invitations', {
        method: 'POST',
        body: { role, name: name.trim(), ...(field ? { [field.field]: scope.trim() } : {}) },
      });
      setCode(r);
      setName('');
      setScope('');
    } catch (e) {
      toast.error((e as ApiFailure).message);
    }
  };

  const suspend = async (m: Member) => {
    try {
      await api(`/staff/members/${m.id}/suspend`, { method: 'POST' });
      toast.success(`已停用 ${m.displayName}`);
      load();
    } catch (e) {
      toast.error((e as ApiFailure).message);
    }
  };

  const columns: TableColumnsType<Member> = [
    { title: '称呼', dataIndex: 'displayName', width: 140 },
    { title: '职务', dataIndex: 'role', width: 180, render: (r: Role) => ROLE_NAMES[r] },
    { title: '范围', key: 'scope', render: (_: unknown, m) => scopeName(m) },
    { title: '加入时间', dataIndex: 'createdAt', width: 170, render: (t?: string) => (t ? `${t.slice(0, 10)} ${t.slice(11, 16)}` : '') },
    {
      title: '状态',
      key: 'state',
      width: 100,
      render: (_: unknown, m) => (m.suspendedAt ? <Tag>已停用</Tag> : <Tag color='green'>在岗</Tag>),
    },
    {
      title: '操作',
      key: 'act',
      width: 110,
      render: (_: unknown, m) =>
        !m.suspendedAt && m.id !== member.id ? (
          <Popconfirm
            title={`停用 ${m.displayName}？`}
            description='停用后立即失去这个职务的全部权限（已登录的值守台也会退出）。'
            okText='停用'
            cancelText='取消'
            okButtonProps={{ danger: true }}
            onConfirm={() => suspend(m)}
          >
            <Button danger>停用</Button>
          </Popconfirm>
        ) : null,
    },
  ];

  const field = SCOPE_FIELD[role];
  return (
    <Space direction='vertical' size='middle' style={{ width: '100%' }}>
      {holder}
      <Typography.Title level={3} style={{ margin: 0 }}>
        人员管理
      </Typography.Title>
      {roles.length > 0 && (
        <Space wrap>
          <Select<Role>
            aria-label='邀请的职务'
            value={role}
            onChange={setRole}
            style={{ width: 220 }}
            options={roles.map((r) => ({ value: r, label: ROLE_NAMES[r] }))}
          />
          {field && (
            <Input
              aria-label={field.label}
              placeholder={field.label}
              value={scope}
              onChange={(e) => setScope(e.target.value)}
              style={{ width: 280 }}
            />
          )}
          <Input
            aria-label='被邀请人'
            placeholder='被邀请人，例如 王主任'
            value={name}
            onChange={(e) => setName(e.target.value)}
            style={{ width: 200 }}
          />
          <Button type='primary' disabled={!name.trim() || (field !== null && !scope.trim())} onClick={invite}>
            生成邀请码
          </Button>
        </Space>
      )}
      {error && <Alert type='error' title={error} showIcon />}
      <Table<Member>
        rowKey='id'
        columns={columns}
        dataSource={members ?? []}
        loading={members === null && !error}
        pagination={{ pageSize: 20 }}
      />
      <Modal
        title='邀请码'
        open={code !== null}
        onOk={() => setCode(null)}
        onCancel={() => setCode(null)}
        okText='已转告'
        cancelButtonProps={{ style: { display: 'none' } }}
      >
        <Alert type='warning' showIcon title='邀请码只显示这一次。请当面或电话告诉被邀请人，在小程序“我的 - 工作人员”里输入。' />
        <Typography.Paragraph copyable code style={{ marginTop: 16, fontSize: 20 }} data-testid='invitation-code'>
          {code?.code}
        </Typography.Paragraph>
        <Typography.Text>有效期至 {code ? `${code.expiresAt.slice(0, 10)} ${code.expiresAt.slice(11, 16)}` : ''}</Typography.Text>
      </Modal>
    </Space>
  );
}
