//! The fixed part of every generated module: helpers and base classes the per-item code uses.
//!
//! Kept as Python text in one place so it can be read (and type-checked) as a whole. It only
//! uses names the module defines or builtins, which no generated public name can shadow (see
//! [`crate::names`]).

/// Helpers used by conversions, independent of the model.
pub(crate) const HELPERS: &str = r#"_S = _t.TypeVar("_S")
_T = _t.TypeVar("_T")

if _t.TYPE_CHECKING:

    def _new(cls: type[_S]) -> _S:
        """Creates an instance without running `__init__`."""
        ...

else:
    _new = object.__new__

_NULL: CData = ffi.NULL
_cast = ffi.cast


def _aligned_new(ptr_type: CData, size: int, align: int) -> tuple[CData, CData]:
    """Zeroed memory for one over-aligned value (cffi only guarantees natural alignment)."""
    buf = ffi.new("uint8_t[]", size + align - 1)
    skip = -int(_cast("uintptr_t", buf)) % align
    return _cast(ptr_type, buf + skip), buf


def _address(p: CData) -> str:
    """How pointers show in `repr`: never dereferenced, so never dangling."""
    return "NULL" if p == _NULL else hex(int(_cast("uintptr_t", p)))


def _snapshot(ctype: str, src: CData) -> CData:
    """A copy of C memory (a static array) that the caller owns."""
    p = ffi.new(ctype)
    ffi.memmove(p, src, ffi.sizeof(p))
    return p


def _char32(value: str) -> str:
    """A Rust `char`: exactly one Unicode scalar value (no surrogates)."""
    if len(value) != 1 or 0xD800 <= ord(value) <= 0xDFFF:
        raise ValueError(f"expected one Unicode scalar value, got {value!r}")
    return value


def _nonzero(value: int) -> int:
    """A `NonZero*` integer: zero would be undefined behaviour in Rust."""
    if value == 0:
        raise ValueError("this value must not be zero")
    return value


def _cstr(value: str | bytes | None) -> CData:
    """A C string argument: `str` is encoded as UTF-8, `bytes` is passed without a copy."""
    if value is None:
        return _NULL
    if isinstance(value, str):
        return value.encode()
    return value


def _fixed(values: _abc.Iterable[_t.Any], n: int, put: _abc.Callable[[_t.Any], CData] | None) -> list[CData]:
    """Elements for a whole C array: exactly `n` of them, converted by `put`."""
    items = list(values)
    if len(items) != n:
        raise ValueError(f"expected {n} values, got {len(items)}")
    return items if put is None else [put(v) for v in items]


class FixedArray(_abc.Sequence[_T]):
    """A fixed-size C array inside a struct: a live view, indexable, iterable and writable.

    It keeps the memory it views alive. `assign()` overwrites all elements at once.
    """

    __slots__ = ("_cdata", "_keep", "_get", "_put")

    def __init__(
        self,
        cdata: CData,
        keep: object,
        get: _abc.Callable[[CData, object], _T] | None,
        put: _abc.Callable[[_t.Any], CData] | None,
    ) -> None:
        self._cdata = cdata
        self._keep = keep
        self._get = get
        self._put = put

    def __len__(self) -> int:
        return len(self._cdata)

    @_t.overload
    def __getitem__(self, index: int) -> _T: ...

    @_t.overload
    def __getitem__(self, index: slice) -> list[_T]: ...

    def __getitem__(self, index: int | slice) -> _T | list[_T]:
        n = len(self._cdata)
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(n))]
        if index < 0:
            index += n
        if not 0 <= index < n:
            raise IndexError("FixedArray index out of range")
        get = self._get
        if get is None:
            value: _T = self._cdata[index]
            return value
        return get(self._cdata[index], self)

    def __setitem__(self, index: int, value: _T) -> None:
        n = len(self._cdata)
        if index < 0:
            index += n
        if not 0 <= index < n:
            raise IndexError("FixedArray index out of range")
        put = self._put
        self._cdata[index] = value if put is None else put(value)

    def __iter__(self) -> _abc.Iterator[_T]:
        for i in range(len(self._cdata)):
            yield self[i]

    def assign(self, values: _abc.Iterable[_t.Any]) -> None:
        """Overwrites every element; `values` must have exactly `len(self)` items."""
        n = len(self._cdata)
        self._cdata[0:n] = _fixed(values, n, self._put)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, (FixedArray, list, tuple)):
            return NotImplemented
        return list(self) == list(other)

    def __repr__(self) -> str:
        return repr(list(self))


class _Struct:
    """Base of struct and union classes: a view of C memory, owned or borrowed.

    `_cdata` is the struct cdata itself, so passing by value costs no copy; `_ptr` is its
    address (computed on first need); `_keep` holds whatever owns the memory.
    """

    __slots__ = ("_cdata", "_ptr", "_keep")
    _cdata: CData
    _ptr: CData
    _keep: object
    _PTR: _t.ClassVar[CData]
    _ABI_PTR: _t.ClassVar[CData] = None
    _SIZE: _t.ClassVar[int] = 0
    _ALIGN: _t.ClassVar[int] = 0

    @classmethod
    def _raw_alloc(cls) -> tuple[CData, object]:
        if cls._ALIGN:
            return _aligned_new(cls._PTR, cls._SIZE, cls._ALIGN)
        return ffi.new(cls._PTR), None

    def _alloc(self) -> CData:
        p, self._keep = self._raw_alloc()
        self._ptr = p
        c: CData = p[0]
        self._cdata = c
        return c

    @classmethod
    def _adopt(cls, p: CData, keep: object) -> _t.Self:
        o = _new(cls)
        o._cdata = p[0]
        o._ptr = p
        o._keep = keep
        return o

    @classmethod
    def _view(cls, c: CData, keep: object) -> _t.Self:
        o = _new(cls)
        o._cdata = c
        o._ptr = None
        o._keep = keep
        return o

    @classmethod
    def _from_ptr(cls, p: CData) -> _t.Self:
        o = _new(cls)
        o._cdata = p[0]
        o._ptr = p
        o._keep = None
        return o

    @classmethod
    def _copy_of(cls, c: CData) -> _t.Self:
        p, keep = cls._raw_alloc()
        p[0] = c
        return cls._adopt(p, keep)

    @classmethod
    def _from_abi(cls, value: CData) -> _t.Self:
        p, keep = cls._raw_alloc()
        _cast(cls._ABI_PTR, p)[0] = value
        return cls._adopt(p, keep)

    def _addr(self) -> CData:
        p = self._ptr
        if p is None:
            p = self._ptr = ffi.addressof(self._cdata)
        return p

    def _abi(self) -> CData:
        return _cast(self._ABI_PTR, self._ptr or self._addr())[0]

    def copy(self) -> _t.Self:
        """An independent copy that owns its memory."""
        return self._copy_of(self._cdata)


class _Tagged(_Struct):
    """Base of tagged unions: every value is an instance of the class its tag names.

    Values are never views: reading one from other memory copies it, so a value's class can
    never disagree with its tag.
    """

    __slots__ = ()
    _VARIANTS: _t.ClassVar[dict[int, type[_t.Any]]] = {}

    @classmethod
    def _adopt(cls, p: CData, keep: object) -> _t.Self:
        c = p[0]
        try:
            variant = cls._VARIANTS[c.tag]
        except KeyError:
            raise ValueError(f"invalid tag {c.tag} for {cls.__name__}") from None
        o: _t.Self = _new(variant)
        o._cdata = c
        o._ptr = p
        o._keep = keep
        return o


class _Handle:
    """Base of opaque handle classes: a pointer the library gave out."""

    __slots__ = ("_ptr",)
    _ptr: CData

    def __init__(self) -> None:
        raise TypeError(f"{type(self).__name__} is an opaque handle: only the library creates it")

    @classmethod
    def _from_ptr(cls, p: CData) -> _t.Self:
        o = _new(cls)
        o._ptr = p
        return o

    @property
    def address(self) -> int:
        """The handle's address, for logging and comparisons."""
        return int(_cast("uintptr_t", self._ptr))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, _Handle):
            return NotImplemented
        return type(self) is type(other) and self.address == other.address

    def __hash__(self) -> int:
        return hash(self.address)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({_address(self._ptr)})"


class _FnPointer:
    """Base of function-pointer classes: a C function pointer, callable from Python.

    Built from a Python callable, it owns a cffi callback. Handing it to the library (as an
    argument or by storing it in a struct) pins it: it then stays alive for the rest of the
    process, because the library may have kept the pointer. Call `release()` once the library
    can no longer call it, to let it be freed.
    """

    __slots__ = ("_cdata", "_fn", "_pinned")
    _cdata: CData
    _fn: object
    _pinned: bool
    # Per class: every callable converted to this type and every pinned object of it, mapped to
    # the function pointer handed out for it (the argument fast path of the wrappers).
    _PTRS: _t.ClassVar[dict[object, CData]]

    def __init__(self, fn: _t.Any) -> None:
        raise NotImplementedError

    @classmethod
    def _from_ptr(cls, p: CData) -> _t.Self:
        o = _new(cls)
        o._cdata = p
        o._fn = None
        o._pinned = True  # not ours: nothing to keep alive
        return o

    def _pin(self) -> CData:
        _KEPT[("pinned", id(self))] = self
        type(self)._PTRS[self] = self._cdata
        self._pinned = True
        return self._cdata

    def release(self) -> None:
        """Unpins this callback: only call it once the library can no longer call it."""
        if self._fn is not None and self._pinned:
            _KEPT.pop(("pinned", id(self)), None)
            type(self)._PTRS.pop(self, None)
            self._pinned = False

    def __repr__(self) -> str:
        if self._fn is not None:
            return f"{type(self).__name__}({self._fn!r})"
        return f"{type(self).__name__}(<function pointer {_address(self._cdata)}>)"


_KEPT: dict[object, _FnPointer] = {}


def _kept_callback(cls: type[_FnPointer], fn: object) -> CData:
    """The function pointer for a plain Python callable, made once and never freed.

    The library may store a callback and call it later, so a pointer handed out for a plain
    callable must stay valid for the rest of the process. Passing the same callable again
    reuses it.
    """
    key: object
    hashable = True
    try:
        key = (cls, fn)
        found = _KEPT.get(key)
    except TypeError:  # unhashable callable: key by identity; the entry keeps it alive
        key = (cls, id(fn))
        found = _KEPT.get(key)
        hashable = False
    if found is None:
        found = _KEPT[key] = cls(fn)
        if hashable:
            cls._PTRS[fn] = found._cdata
    return found._cdata


def _fnptr(cls: type[_FnPointer], fn: object) -> CData:
    """The function pointer to hand to the library for `fn`: a callback object of `cls`
    (pinned now if it is not yet), or any other callable (converted once, see
    `_kept_callback`). Wrappers look `cls._PTRS` up first and call this only on a miss.
    """
    if isinstance(fn, cls):
        return fn._cdata if fn._pinned else fn._pin()
    if not callable(fn):
        raise TypeError(f"{cls.__name__}: expected a callable, got {fn!r}")
    return _kept_callback(cls, fn)
"#;
