//! A tiny physics engine behind a handle: create it, add bodies, step the simulation, read
//! positions back, listen to collisions with the ground, destroy it.
//!
//! Everything C sees comes from `#[ffi_service]` (constructor, methods, destructor) and the
//! `interoptopus` pattern types: strings in and out, slices, owned vectors, options, an error
//! enum and a callback with state.

interoptopus::layout_checks!();

use core::ffi::c_void;

use interoptopus::{
    ffi_service, ffi_type, Callback, FfiOption, OwnedString, OwnedVec, Slice, StrView,
};

/// A point or velocity in 2D.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Vec2 {
    pub x: f32,
    pub y: f32,
}

/// What the engine can report. `Ok` (0) is success.
#[ffi_type(error)]
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EngineError {
    Ok = 0,
    /// A handle or pointer was null.
    Null = 1,
    /// An argument was out of range (a zero time step, an unknown body …).
    InvalidArgument = 2,
    /// A name was not UTF-8.
    InvalidText = 3,
    /// The engine panicked; the call was abandoned.
    Panic = 4,
}

/// Told when a body hits the ground: the body's index and its speed at impact.
pub type OnLanding = extern "C" fn(body: u32, speed: f32, data: *mut c_void);

struct Body {
    position: Vec2,
    velocity: Vec2,
}

/// A world of falling bodies.
pub struct Engine {
    name: String,
    gravity: f32,
    bodies: Vec<Body>,
    on_landing: Callback<OnLanding>,
    time: f32,
}

#[ffi_service]
impl Engine {
    /// A world called `name` with the given gravity (negative pulls down).
    pub fn create(name: StrView<'_>, gravity: f32) -> Result<Self, EngineError> {
        let name = name.as_str().map_err(|_| EngineError::InvalidText)?;
        if !gravity.is_finite() {
            return Err(EngineError::InvalidArgument);
        }
        Ok(Engine {
            name: name.to_string(),
            gravity,
            bodies: Vec::new(),
            on_landing: Callback::none(),
            time: 0.0,
        })
    }

    /// Adds a body; returns its index.
    pub fn add_body(&mut self, position: Vec2, velocity: Vec2) -> u32 {
        self.bodies.push(Body { position, velocity });
        (self.bodies.len() - 1) as u32
    }

    /// Adds a body at rest at each position.
    pub fn add_bodies(&mut self, positions: Slice<'_, Vec2>) -> Result<(), EngineError> {
        let positions = positions.as_slice().map_err(|_| EngineError::Null)?;
        for p in positions {
            self.add_body(*p, Vec2::default());
        }
        Ok(())
    }

    /// Advances the simulation by `dt` seconds; bodies stop at `y = 0`.
    pub fn step(&mut self, dt: f32) -> Result<(), EngineError> {
        if dt.is_nan() || dt <= 0.0 {
            return Err(EngineError::InvalidArgument);
        }
        self.time += dt;
        for (i, b) in self.bodies.iter_mut().enumerate() {
            if b.position.y <= 0.0 && b.velocity.y <= 0.0 {
                continue;
            }
            b.velocity.y += self.gravity * dt;
            b.position.x += b.velocity.x * dt;
            b.position.y += b.velocity.y * dt;
            if b.position.y <= 0.0 {
                let speed = -b.velocity.y;
                b.position.y = 0.0;
                b.velocity = Vec2::default();
                let _ = self.on_landing.call(i as u32, speed);
            }
        }
        Ok(())
    }

    /// The position of a body, or none for an unknown index.
    pub fn position(&self, body: u32) -> FfiOption<Vec2> {
        self.bodies.get(body as usize).map(|b| b.position).into()
    }

    /// Every position, owned by the caller.
    pub fn positions(&self) -> OwnedVec<Vec2> {
        OwnedVec::new(self.bodies.iter().map(|b| b.position).collect())
    }

    /// The number of bodies.
    pub fn body_count(&self) -> u32 {
        self.bodies.len() as u32
    }

    /// Seconds simulated so far.
    pub fn time(&self) -> f32 {
        self.time
    }

    /// A one-line summary, owned by the caller.
    pub fn describe(&self) -> OwnedString {
        OwnedString::new(format!(
            "{}: {} bodies after {:.2}s",
            self.name,
            self.bodies.len(),
            self.time
        ))
    }

    /// Replaces the landing listener (the previous one is released).
    pub fn on_landing(&mut self, listener: Callback<OnLanding>) {
        self.on_landing = listener;
    }
}
