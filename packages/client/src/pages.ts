/** A page of a list route: its items and the cursor of the next page (null or absent on the last). */
export interface Page<Item> {
  items: Item[];
  next_cursor?: string | null;
}

/**
 * Every page of a keyset-paginated route, in order: fetches the first page, then passes each
 * page's `next_cursor` back as `cursor` until a page has none. Lazy: a page is fetched only
 * when the previous one has been consumed, so breaking out of the loop stops the requests.
 */
export async function* pages<P extends Page<unknown>>(
  fetchPage: (cursor: { cursor?: string }) => Promise<P>,
): AsyncGenerator<P> {
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor === undefined ? {} : { cursor });
    if (!Array.isArray(page.items)) {
      throw new TypeError('a list page must hold an items array');
    }
    yield page;
    cursor =
      typeof page.next_cursor === 'string' && page.next_cursor !== ''
        ? page.next_cursor
        : undefined;
  } while (cursor !== undefined);
}
