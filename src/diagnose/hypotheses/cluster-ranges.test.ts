import { describe, expect, it } from 'vitest';
import { ClusterBuilder } from '../../../test/support/cluster-builder.ts';
import { NOW } from '../../../test/support/scenarios.ts';
import { modelOf } from '../../../test/support/state.ts';
import { formerClusterIp } from './cluster-ranges.ts';

function modelWithClusterIps(...ips: string[]) {
  const c = new ClusterBuilder({ now: NOW, serviceCIDR: '10.96.0.0/12' });
  ips.forEach((ip, i) => c.service(`default/svc-${String(i)}`, { selector: null, clusterIP: ip, ports: [{ name: 'p', port: 80 }] }));
  return modelOf(c.objects(), NOW);
}

describe('formerClusterIp (kube-apiserver caps the IPv4 Service range at /12)', () => {
  it('cannot exclude an address within the /12 of a current ClusterIP (kubeadm default 10.96.0.0/12)', () => {
    // 10.100.3.4 is in 10.96.0.0/12 with 10.96.0.1: it could be a deleted Service's ClusterIP.
    expect(formerClusterIp(modelWithClusterIps('10.96.0.1'), '10.100.3.4')).toMatchObject({ verdict: 'possible', near: '10.96.0.1', window: '/12' });
  });

  it('excludes an address no current ClusterIP shares a /12 with (a NAS on 192.168.10.0/24)', () => {
    expect(formerClusterIp(modelWithClusterIps('10.96.0.1', '10.96.0.10'), '192.168.10.5')).toMatchObject({ verdict: 'no', sample: '10.96.0.1' });
  });

  it('knows nothing without a ClusterIP of the same family, or for a host name', () => {
    expect(formerClusterIp(modelWithClusterIps(), '192.168.10.5').verdict).toBe('unknown');
    expect(formerClusterIp(modelWithClusterIps('10.96.0.1'), 'fd00::5').verdict).toBe('unknown');
    expect(formerClusterIp(modelWithClusterIps('10.96.0.1'), 'nas.example.com').verdict).toBe('unknown');
  });

  it('uses the /108 bound for IPv6', () => {
    expect(formerClusterIp(modelWithClusterIps('fd00:10:96::1'), 'fd00:10:96::f:1').verdict).toBe('possible');
    expect(formerClusterIp(modelWithClusterIps('fd00:10:96::1'), 'fd00:20::1').verdict).toBe('no');
  });
});
