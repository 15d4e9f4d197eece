import { describe, expect, it } from 'vitest';
import type { DataPath } from '../../model/datapath/types.ts';
import { isIscsiCsi } from './missing-executables.ts';

function csiPath(extra: Partial<DataPath>): DataPath {
  return { volume: 'data', protocol: 'csi', servingPods: [], endpointsKnown: false, readyEndpoints: 0, replicas: [], attachments: [], nodePlugins: [], trace: [], gaps: [], ...extra };
}

describe('isIscsiCsi', () => {
  it('knows iSCSI CSI volumes by engine or by a driver name that says so', () => {
    expect(isIscsiCsi(csiPath({ driver: 'jiva.csi.openebs.io', engine: 'jiva' }))).toBe(true);
    expect(isIscsiCsi(csiPath({ driver: 'org.democratic-csi.iscsi' }))).toBe(true);
  });

  it('knows them by an iSCSI target in volumeAttributes when the driver name does not say iSCSI', () => {
    // kubernetes-csi/csi-driver-iscsi is `iscsi.csi.k8s.io`; a vendor driver such as `csi.hpe.com` serves iSCSI and FC alike.
    expect(isIscsiCsi(csiPath({ driver: 'csi.example.com', iqn: 'iqn.2005-10.org.freenas.ctl:csi-data' }))).toBe(true);
    expect(isIscsiCsi(csiPath({ driver: 'csi.example.com', portal: { address: '192.168.10.5:3260', host: '192.168.10.5', port: 3260, kind: 'external' } }))).toBe(true);
  });

  it('does not take other CSI drivers, or non-CSI volumes, for iSCSI', () => {
    expect(isIscsiCsi(csiPath({ driver: 'rbd.csi.ceph.com' }))).toBe(false);
    expect(isIscsiCsi(csiPath({ driver: 'nfs.csi.k8s.io' }))).toBe(false);
    expect(isIscsiCsi({ ...csiPath({}), protocol: 'iscsi' })).toBe(false);
  });
});
