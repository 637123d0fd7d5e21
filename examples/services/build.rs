fn main() {
    interoptopus_build::generate();
}
