export interface PortalStatus {
  service: string;
  version: string;
  installation: { id: string; installedAt: string } | null;
}

export async function fetchStatus(signal?: AbortSignal): Promise<PortalStatus> {
  const response = await fetch("/api/status", { signal, headers: { accept: "application/json" } });
  if (!response.ok) throw new Error(`The portal answered ${response.status}`);
  return (await response.json()) as PortalStatus;
}
