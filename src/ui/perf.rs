//! `--perf-log FILE`: the cost of each frame, one line per frame, for
//! measuring the app as a user drives it. Columns:
//!
//! - `ui_ms`: wall-clock time of the app's own pass on the UI thread
//!   (layout and drawing commands; a frame that waits shows here);
//! - `frame_cpu_ms`: CPU time of the whole process from this frame's start
//!   to the next one's, every thread counted: tessellation, rendering (on a
//!   machine without a GPU the rasteriser's threads do most of the work),
//!   presentation and anything else running;
//! - `interval_ms`: wall-clock time to the next frame.
//!
//! A frame's line is written when the next frame starts, since only then is
//! its rendering done.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::time::{Duration, Instant};

pub struct PerfLog {
    out: BufWriter<File>,
    frame: u64,
    started: Option<Instant>,
    /// The frame being measured: its start (wall and process CPU) and the
    /// duration of its own pass.
    open: Option<(Instant, Duration, Duration)>,
}

/// CPU time used by the whole process so far (all threads).
pub fn process_cpu() -> Duration {
    #[cfg(unix)]
    {
        let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
        // SAFETY: getrusage fills the struct it is given; RUSAGE_SELF is valid.
        let ok = unsafe { libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr()) } == 0;
        if ok {
            // SAFETY: initialised by the successful call above.
            let u = unsafe { usage.assume_init() };
            let t = |tv: libc::timeval| {
                Duration::from_secs(tv.tv_sec as u64) + Duration::from_micros(tv.tv_usec as u64)
            };
            return t(u.ru_utime) + t(u.ru_stime);
        }
    }
    Duration::ZERO
}

impl PerfLog {
    pub fn create(path: &Path) -> std::io::Result<Self> {
        let mut out = BufWriter::new(File::create(path)?);
        writeln!(out, "frame,ui_ms,frame_cpu_ms,interval_ms")?;
        Ok(Self {
            out,
            frame: 0,
            started: None,
            open: None,
        })
    }

    pub fn begin(&mut self) {
        let now = Instant::now();
        let cpu = process_cpu();
        if let Some((wall0, cpu0, ui)) = self.open.take() {
            self.frame += 1;
            let ms = |d: Duration| d.as_secs_f64() * 1000.0;
            let _ = writeln!(
                self.out,
                "{},{:.3},{:.3},{:.3}",
                self.frame,
                ms(ui),
                ms(cpu.saturating_sub(cpu0)),
                ms(now - wall0)
            );
            // Flush every frame: the log must survive the app being killed.
            let _ = self.out.flush();
        }
        self.started = Some(now);
        self.open = Some((now, cpu, Duration::ZERO));
    }

    pub fn end(&mut self) {
        if let (Some(t), Some(open)) = (self.started.take(), self.open.as_mut()) {
            open.2 = t.elapsed();
        }
    }
}

impl Drop for PerfLog {
    fn drop(&mut self) {
        let _ = self.out.flush();
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn each_frame_is_logged_when_the_next_begins() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("perf.csv");
        let mut log = super::PerfLog::create(&path).unwrap();
        log.begin();
        // Some work for the process clock to see.
        let mut x = 0u64;
        for i in 0..3_000_000u64 {
            x = x.wrapping_mul(31).wrapping_add(i);
        }
        std::hint::black_box(x);
        log.end();
        log.begin();
        let text = std::fs::read_to_string(&path).unwrap();
        let mut lines = text.lines();
        assert_eq!(lines.next(), Some("frame,ui_ms,frame_cpu_ms,interval_ms"));
        let cols: Vec<f64> = lines
            .next()
            .expect("the first frame is written")
            .split(',')
            .map(|c| c.parse().unwrap())
            .collect();
        assert_eq!(cols[0], 1.0);
        assert!(cols[1] > 0.0 && cols[3] >= cols[1], "{cols:?}");
    }
}
