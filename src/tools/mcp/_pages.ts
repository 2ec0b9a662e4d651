/** A server would have to misbehave to send this many pages; stop rather than loop forever. */
const maxPages = 1000;

/** Fetches one page of a paginated MCP list: its items and the cursor of the next page, if any. */
export type PageFetcher<T> = (
  cursor: { cursor: string } | undefined,
) => Promise<{ items: T[]; next: string | undefined }>;

/** Every item of a paginated MCP list, following the cursors (at most 1000 pages). */
export async function collectPages<T>(fetchPage: PageFetcher<T>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page += 1) {
    const result = await fetchPage(cursor === undefined ? undefined : { cursor });
    items.push(...result.items);
    cursor = result.next;
    if (cursor === undefined) break;
  }
  return items;
}
