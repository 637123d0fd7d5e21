//! The fixed Python helpers the pattern idioms use (slices, strings, owned values, callbacks
//! with state, error exceptions, services). Written only when the model has patterns,
//! services or a fingerprint, so modules without them stay as they were.

pub(crate) const HELPERS: &str = r#"if _t.TYPE_CHECKING:
    from _typeshed import ReadableBuffer as _Buffer
    from _typeshed import WriteableBuffer as _WBuffer

    class _ArrayLike(_t.Protocol):
        """numpy arrays (which only declare the buffer protocol to type checkers on 3.12+)."""

        @property
        def __array_interface__(self) -> _abc.Mapping[str, _t.Any]: ...


class FfiError(Exception):
    """Base of the exceptions raised for an error enum returned by the library.

    `error` is the enum member (an `IntEnum`), `code` its number, `function` the export that
    returned it.
    """

    error: _enum.IntEnum

    def __init__(self, error: _enum.IntEnum | int, function: str) -> None:
        name = error.name if isinstance(error, _enum.IntEnum) else "unknown error"
        super().__init__(f"{function} failed: {name} ({int(error)})")
        self.error = error  # type: ignore[assignment]
        self.code = int(error)
        self.function = function


class ServiceClosedError(RuntimeError):
    """A service was used after `close()` (or after leaving its `with` block)."""


class ApiMismatchError(OSError):
    """The library implements another API than the one this module was generated for."""


def _buffer_ok(m: memoryview, kind: str, size: int) -> bool:
    """Whether the buffer's items are the slice's element type (`kind`: accepted format
    characters, `*`: any format of the right size (structs), empty: never)."""
    if not kind or m.itemsize != size or not m.c_contiguous:
        return False
    if kind == "*":
        return True
    f = m.format
    if f[:1] in ("@", "=", "<"):
        f = f[1:]
    return len(f) == 1 and f in kind


def _slice_in(
    value: object,
    ctype: str,
    kind: str,
    size: int,
    put: _abc.Callable[[_t.Any], _t.Any] | None,
    writable: bool,
) -> tuple[CData, int]:
    """(pointer, length) for a slice argument: buffers of the element type are passed without
    a copy (`ffi.from_buffer`); lists, tuples and other iterables are copied into C memory."""
    if value is None:
        return _NULL, 0
    if isinstance(value, (list, tuple)):
        a = ffi.new(ctype, value if put is None else [put(v) for v in value])
        return a, len(value)
    if isinstance(value, ffi.CData):
        return value, len(value)
    try:
        m = memoryview(value)  # type: ignore[arg-type]
    except TypeError:
        if writable or not isinstance(value, _abc.Iterable):
            raise TypeError(
                f"expected a sequence or a buffer of {ctype[:-2]}, got {type(value).__name__}"
            ) from None
        items = list(value)
        return ffi.new(ctype, items if put is None else [put(v) for v in items]), len(items)
    if _buffer_ok(m, kind, size):
        if writable and m.readonly:
            raise TypeError(f"a mutable slice needs a writable buffer, got a read-only {type(value).__name__}")
        a = ffi.from_buffer(ctype, m, require_writable=writable)
        return a, len(a)
    if writable:
        raise TypeError(
            f"a mutable slice of {ctype[:-2]} needs a list or a writable contiguous buffer of that "
            f"element type, got {type(value).__name__} (format {m.format!r}, item size {m.itemsize})"
        )
    items = m.cast("B").tolist() if m.ndim == 0 else m.tolist()
    return ffi.new(ctype, items if put is None else [put(v) for v in items]), len(items)


def _slice_back(value: object, a: CData, n: int, get: _abc.Callable[[CData], _t.Any] | None) -> None:
    """Copies what the library wrote into a mutable slice back into the list it came from."""
    if isinstance(value, list) and n:
        value[:] = ffi.unpack(a, n) if get is None else [get(a[i]) for i in range(n)]


def _slice_out(s: CData, get: _abc.Callable[[CData], _t.Any] | None) -> list[_t.Any]:
    """A list copy of a slice the library lends (its memory stays the library's)."""
    n = s.len
    if not n or not s.ptr:
        return []
    p = s.ptr
    return ffi.unpack(p, n) if get is None else [get(p[i]) for i in range(n)]


def _owned_vec(v: CData, free: _abc.Callable[[CData], None], get: _abc.Callable[[CData], _t.Any] | None) -> list[_t.Any]:
    """A list copy of an owned vector, which is then released through the library."""
    try:
        n = v.len
        if not n or not v.ptr:
            return []
        p = v.ptr
        return ffi.unpack(p, n) if get is None else [get(p[i]) for i in range(n)]
    finally:
        free(v)


def _owned_str(v: CData, free: _abc.Callable[[CData], None]) -> str:
    """A `str` copy of an owned UTF-8 string, which is then released through the library."""
    try:
        n = v.len
        return ffi.buffer(v.ptr, n)[:].decode("utf-8") if n and v.ptr else ""
    finally:
        free(v)


def _utf8(value: str | bytes | bytearray | memoryview) -> tuple[CData, int]:
    """(pointer, length) of a UTF-8 view: `str` is encoded, bytes-like objects pass as they are
    (the library checks them)."""
    b = value.encode("utf-8") if isinstance(value, str) else value
    if not b:
        return _NULL, 0
    a = ffi.from_buffer(b)
    return a, len(a)


def _cdata_of(v: _t.Any) -> CData:
    return v._cdata


# Python objects behind callbacks with state, by the address of their handle; the `drop`
# function the library calls once it no longer needs one removes it.
_CB_LIVE: dict[int, CData] = {}


def _cb_drop(data: CData) -> None:
    _CB_LIVE.pop(int(_cast("uintptr_t", data)), None)


_CB_DROP: CData = ffi.callback("void(void *)", _cb_drop)


def _callback_in(fn: object, call: CData) -> tuple[CData, CData, CData]:
    """(call, data, drop) for a callback with state: `fn` stays alive until Rust drops it."""
    if fn is None:
        return _NULL, _NULL, _NULL
    if not callable(fn):
        raise TypeError(f"expected a callable, got {type(fn).__name__}")
    h = ffi.new_handle(fn)
    _CB_LIVE[int(_cast("uintptr_t", h))] = h
    return call, h, _CB_DROP


class _Service:
    """Base of service classes: owns a handle, released by `close()`, `with` or the GC."""

    __slots__ = ("_ptr", "_finalizer", "__weakref__")
    _ptr: CData
    _finalizer: _weakref.finalize[..., _t.Any] | None

    def _adopt(self, p: CData, destroy: _abc.Callable[[CData], None]) -> None:
        self._ptr = p
        self._finalizer = _weakref.finalize(self, destroy, p)

    @classmethod
    def _from_ptr(cls, p: CData) -> _t.Self:
        """A non-owning object around a handle the library returned."""
        o = _new(cls)
        o._ptr = p
        o._finalizer = None
        return o

    def close(self) -> None:
        """Releases the handle now (idempotent); later calls raise `ServiceClosedError`."""
        self._ptr = _NULL
        f = getattr(self, "_finalizer", None)
        if f is not None:
            f()

    @property
    def closed(self) -> bool:
        return not getattr(self, "_ptr", None)

    @property
    def address(self) -> int:
        return int(_cast("uintptr_t", getattr(self, "_ptr", _NULL)))

    def __enter__(self) -> _t.Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _closed(self) -> _t.NoReturn:
        raise ServiceClosedError(f"this {type(self).__name__} is closed")

    def __repr__(self) -> str:
        return f"{type(self).__name__}({'closed' if self.closed else hex(self.address)})"
"#;
