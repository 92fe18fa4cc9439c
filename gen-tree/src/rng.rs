//! A small deterministic random number generator (SplitMix64) and the few
//! distributions the tree generator needs.
//!
//! Not `rand`: the generator's output must stay byte-identical for a given seed across
//! dependency upgrades, and every file gets its own stream, derived from the seed and the
//! file's index, so files can be written in parallel in any order.

/// SplitMix64 (Steele, Lea, Flood 2014): one 64-bit state word, full period, passes
/// BigCrush — plenty for shaping a synthetic tree.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    #[cfg(test)]
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// An independent stream for item `index` of kind `stream` (a small tag such as
    /// "the body of vmlinux object 17"), so parallel writers need no shared state.
    pub fn derive(seed: u64, stream: u64, index: u64) -> Self {
        let mut r = Rng(seed ^ stream.wrapping_mul(0xA076_1D64_78BD_642F));
        r.0 ^= r.next_u64() ^ index.wrapping_mul(0xE703_7ED1_A0B4_28DB);
        Rng(r.next_u64())
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn next_u32(&mut self) -> u32 {
        (self.next_u64() >> 32) as u32
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in `[0, n)`; `n` must be positive.
    pub fn below(&mut self, n: usize) -> usize {
        debug_assert!(n > 0);
        ((self.next_u64() as u128 * n as u128) >> 64) as usize
    }

    /// Uniform in `[lo, hi]`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// A rank in `[0, n)` with P(r) roughly proportional to 1/(r+1) (a log-uniform
    /// draw): rank 0 is the most popular. This is how symbol use is skewed in real
    /// kernels — `kfree` is imported by most modules, most exports by a handful.
    pub fn popular_rank(&mut self, n: usize) -> usize {
        debug_assert!(n > 0);
        let r = ((n as f64 + 1.0).powf(self.unit()) - 1.0) as usize;
        r.min(n - 1)
    }

    /// A count with a long right tail: `median * e^(sigma * N(0,1))`, clamped to
    /// `[lo, hi]`.
    pub fn skewed(&mut self, median: f64, sigma: f64, lo: usize, hi: usize) -> usize {
        let v = (median * (sigma * self.normal()).exp()).round();
        (v.max(lo as f64) as usize).min(hi)
    }

    /// A standard normal deviate (Box–Muller).
    fn normal(&mut self) -> f64 {
        let u1 = 1.0 - self.unit(); // in (0, 1]
        let u2 = self.unit();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    /// Shuffles in place (Fisher–Yates).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_reproducible_and_distinct() {
        let a: Vec<u64> = (0..4).map(|_| Rng::derive(7, 1, 3).next_u64()).collect();
        assert!(a.windows(2).all(|w| w[0] == w[1]));
        assert_ne!(Rng::derive(7, 1, 3).next_u64(), Rng::derive(7, 1, 4).next_u64());
        assert_ne!(Rng::derive(7, 1, 3).next_u64(), Rng::derive(7, 2, 3).next_u64());
    }

    #[test]
    fn distributions_stay_in_range() {
        let mut r = Rng::new(1);
        for _ in 0..10_000 {
            assert!(r.below(5) < 5);
            assert!(r.popular_rank(100) < 100);
            let s = r.skewed(20.0, 0.8, 2, 100);
            assert!((2..=100).contains(&s));
        }
    }

    #[test]
    fn popular_ranks_favour_the_front() {
        let mut r = Rng::new(2);
        let front = (0..10_000).filter(|_| r.popular_rank(10_000) < 100).count();
        // log-uniform: P(r < 100) = ln(101)/ln(10001), about half.
        assert!((4000..6000).contains(&front), "{front}");
    }
}
