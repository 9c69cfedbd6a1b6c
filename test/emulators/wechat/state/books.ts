/**
 * Each part of the simulator keeps its own memory of one simulator state (a "book": templates, consents, sends),
 * made on first use and dropped with the state (a WeakMap), so SimState does not grow a field per API and two
 * simulators in one process never share a book. `accountBook` keeps one per authorizer appid of that state.
 */
export function stateBook<S extends object, B>(make: (state: S) => B): (state: S) => B {
  const books = new WeakMap<S, B>();
  return (state) => {
    let book = books.get(state);
    if (book === undefined) {
      book = make(state);
      books.set(state, book);
    }
    return book;
  };
}

export function accountBook<S extends object, B>(make: (state: S, appid: string) => B): (state: S, appid: string) => B {
  const accounts = stateBook<S, Map<string, B>>(() => new Map());
  return (state, appid) => {
    const byAccount = accounts(state);
    let book = byAccount.get(appid);
    if (book === undefined) {
      book = make(state, appid);
      byAccount.set(appid, book);
    }
    return book;
  };
}
